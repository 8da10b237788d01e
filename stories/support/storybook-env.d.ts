/** Modules only Vite knows, as .storybook/preview.ts imports them. */
declare module 'virtual:termplex-custom-elements' {
  const manifest: object;
  export default manifest;
}
declare module '*.css';
