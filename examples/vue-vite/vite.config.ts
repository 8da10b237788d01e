import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      template: {
        compilerOptions: {
          // <term-connection> and <term-session> are custom elements, not Vue
          // components: Vue creates them as they are and passes bindings to them.
          isCustomElement: (tag) => tag.startsWith('term-'),
        },
      },
    }),
  ],
  // xterm.js and its addons make one chunk of about 800 kB (230 kB gzipped).
  build: { chunkSizeWarningLimit: 1024 },
});
