/**
 * Decorators and argTypes enhancers every story gets (.storybook/preview.ts).
 */
import type { Decorator } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ArgTypesEnhancer } from 'storybook/internal/types';
import { ref } from 'lit/directives/ref.js';
import { liveServer } from './live-server.js';
import { playRecordings } from './recorded-sessions.js';

/**
 * Without a server (a static build) a live story says so above its
 * terminals, and plays recordings of real sessions in their place.
 */
export const noServerNote: Decorator = (story, context) => {
  if (liveServer || context.parameters.termplex?.needsServer === false) return story();
  return html`<p class="no-server" role="note">
      <strong>No termplex server.</strong> This is a static build of the stories: the terminals below are recordings of
      real sessions, played by <code>&lt;term-player&gt;</code>. Run <code>npm run storybook</code> for live terminals.
    </p>
    <div ${ref((element) => playRecordings(element))}>${story()}</div>`;
};

/** A control for an attribute from its declared type: `string | number | undefined` is a number box, and so on. */
function attributeControl(typeText: string) {
  if (/\bboolean\b/.test(typeText)) return { type: 'boolean' as const };
  if (/\bnumber\b/.test(typeText)) return { type: 'number' as const };
  return { type: 'text' as const };
}

/**
 * Stories drive elements through attributes (attributes.ts), so only
 * writable attribute rows get a control; the other rows (properties, events,
 * parts, custom properties) stay in the table as documentation.
 */
export const attributeControlsOnly: ArgTypesEnhancer = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes)
      .map(([name, argType]) => {
        const writable = argType.table?.category === 'attributes' && name !== 'state';
        const control = writable ? attributeControl(argType.table?.type?.summary ?? '') : (false as const);
        return [name, { ...argType, control }] as const;
      })
      // The rows a reader can change first.
      .sort(([, a], [, b]) => Number(b.table?.category === 'attributes') - Number(a.table?.category === 'attributes')),
  );

interface ManifestMethod {
  kind: string;
  name: string;
  description?: string;
  privacy?: string;
  parameters?: Array<{ name: string; type?: { text: string } }>;
}

/** Storybook's manifest reader skips methods; this adds them to the docs table, without controls. */
export function methodsFrom(manifest: object): ArgTypesEnhancer {
  const declarations = ((manifest as { modules?: Array<{ declarations?: Array<{ tagName?: string; members?: ManifestMethod[] }> }> }).modules ?? []).flatMap((m) => m.declarations ?? []);
  return ({ argTypes, component }) => {
    const members = declarations.find((d) => d.tagName && d.tagName === component)?.members ?? [];
    const methods = members.filter((m) => m.kind === 'method' && (m.privacy ?? 'public') === 'public' && !/^[#_]/.test(m.name));
    const added = methods.map((m) => {
      const signature = `${m.name}(${(m.parameters ?? []).map((p) => `${p.name}: ${p.type?.text ?? 'unknown'}`).join(', ')})`;
      return [`${m.name}()`, { name: signature, description: m.description ?? '', control: false as const, table: { category: 'methods', type: { summary: signature } } }];
    });
    return { ...argTypes, ...Object.fromEntries(added) };
  };
}
