import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import LiveTerminal from './LiveTerminal.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // <LiveTerminal /> in any page's markdown.
    app.component('LiveTerminal', LiveTerminal);
  },
} satisfies Theme;
