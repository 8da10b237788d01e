// The elements register themselves when imported; import them before React
// renders so React 19 sees <term-connection>'s properties (token, url) and sets
// them as properties rather than attributes.
import '@termplex/elements';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
