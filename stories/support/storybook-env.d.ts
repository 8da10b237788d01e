/** Modules only Vite knows, as .storybook/preview.ts imports them. */
declare module 'virtual:termplex-custom-elements' {
  const manifest: object;
  export default manifest;
}
declare module '*.css';
/** A file Vite copies into the build, imported as its URL. */
declare module '*.cast?url' {
  const url: string;
  export default url;
}
