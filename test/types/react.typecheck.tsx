/**
 * Compiled by `npm test`'s type-check, never run: <term-connection> and
 * <term-session> in React 19 TSX with the package's generated JSX types,
 * attributes and events typed as the elements define them.
 */
import type {} from '@termplex/elements/react';
import { useRef } from 'react';
import type { TermSession } from '@termplex/elements';

export function Tutorial({ onExit }: { onExit: (code: number | null) => void }) {
  const session = useRef<TermSession>(null);
  return (
    <term-connection ticket-url="/ticket" retry-max-delay={5000} onterm-connection-state={(e) => console.log(e.detail.state, e.detail.error?.code)}>
      <term-session
        ref={session}
        profile="tutorial"
        persist
        font-size={15}
        theme="light"
        renderer="webgl"
        shell-keys={false}
        onterm-session-exit={(e) => onExit(e.detail.code)}
        onterm-session-open={(e) => session.current?.write(`echo ${e.detail.sessionId}\r`)}
      />
    </term-connection>
  );
}

// @ts-expect-error not an attribute of <term-session>
export const misspelt = <term-session profil="x" />;
// @ts-expect-error renderer is 'dom' or 'webgl'
export const wrongRenderer = <term-session renderer="canvas" />;
// @ts-expect-error the exit event's detail has no sessionId
export const wrongDetail = <term-session onterm-session-exit={(e) => e.detail.sessionId} />;
