/** `import css from 'x.css?inline'`: the stylesheet's text (rollup and the test runner both provide it). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
