import { defineConfig } from 'astro/config';

// A plain static build (the default output): the page is HTML, the client
// script one bundled module. No view transitions: a full page load per page
// is what lets each <term-connection> close its socket when its page goes.
export default defineConfig({
  vite: {
    // xterm.js and its addons make one chunk of about 600 kB (165 kB gzipped), over Vite's 500 kB warning.
    build: { chunkSizeWarningLimit: 1024 },
    // Astro's build renders pages with a bundle in dist/ that imports `cookie`
    // (v2); from there Node finds this workspace's hoisted cookie 0.7
    // (Express's) and the build fails. Bundling it takes Astro's own copy. A
    // project of its own, with no older cookie at its root, can drop this.
    environments: { prerender: { resolve: { noExternal: ['cookie'] } } },
  },
});
