// <term-connection> and <term-session> in TSX: one import adds them to React's JSX types.
import type {} from '@termplex/elements/react';
import { useState } from 'react';
import { readToken } from './token.js';

// Where the terminal server is, fixed at build time: VITE_TERMPLEX_URL=wss://terminals.example/termplex npm run build
const url = import.meta.env.VITE_TERMPLEX_URL ?? 'ws://127.0.0.1:7681/termplex';

export function App() {
  const [token] = useState(readToken);
  const [state, setState] = useState('connecting');
  const [exit, setExit] = useState<string>();
  return (
    <main style={{ font: '16px/1.5 system-ui, sans-serif', maxWidth: '60rem', margin: '2rem auto' }}>
      <h1>termplex in React</h1>
      <p>
        Connection: <output id="state">{state}</output>
        {exit && <> · the shell exited with {exit}</>}
      </p>
      <term-connection url={url} token={token} onterm-connection-state={(e) => setState(e.detail.state)}>
        <term-session
          aria-label="shell"
          style={{ display: 'block', height: '20rem' }}
          onterm-session-exit={(e) => setExit(String(e.detail.code))}
        />
      </term-connection>
    </main>
  );
}
