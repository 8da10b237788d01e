import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // xterm.js and its addons make one chunk of about 800 kB (230 kB gzipped).
  build: { chunkSizeWarningLimit: 1024 },
});
