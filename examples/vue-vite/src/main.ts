// The elements register themselves when imported; import them before Vue
// mounts so Vue finds <term-connection>'s properties (token, url) on the
// element and sets them as properties rather than attributes.
import '@termplex/elements';
// <term-connection> and <term-session> in templates, typed for vue-tsc.
import type {} from '@termplex/elements/vue';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
