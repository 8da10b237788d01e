import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'termplex in VitePress',
  description: 'A docs site with a live terminal on a page.',
  themeConfig: {
    nav: [{ text: 'Try the shell', link: '/try' }],
  },
  vue: {
    template: {
      compilerOptions: {
        // <term-connection> and <term-session> are custom elements, not Vue
        // components: without this, Vue tries to resolve them as components.
        isCustomElement: (tag) => tag.startsWith('term-'),
      },
    },
  },
  // xterm.js and its addons make one chunk of about 800 kB (230 kB gzipped),
  // loaded only by pages with a terminal.
  vite: { build: { chunkSizeWarningLimit: 1024 } },
});
