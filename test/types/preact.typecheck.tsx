/** @jsxImportSource preact */
/**
 * Compiled by `npm test`'s type-check, never run: the elements in Preact TSX
 * with the package's generated JSX types.
 */
import type {} from '@termplex/elements/preact';

export const Viewer = ({ id }: { id: string }) => (
  <term-connection ticket-url="/ticket" onterm-connection-state={(e) => console.log(e.detail.state)}>
    <term-session session-id={id} readonly titlebar onterm-title-change={(e) => console.log(e.detail.title)} />
  </term-connection>
);

// @ts-expect-error not an attribute of <term-session>
export const misspelt = <term-session profil="x" />;
// @ts-expect-error the title event's detail has no code
export const wrongDetail = <term-session onterm-title-change={(e) => e.detail.code} />;
