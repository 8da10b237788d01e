/**
 * custom-elements.json from the JSDoc on the element classes (run from this
 * folder by `npm run build`). Storybook's controls and docs read it.
 */
export default {
  globs: ['src/**/*.component.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
