// Lit keeps an element's styles as the text of a css`…` literal, which no bundler minifies: the
// indentation and spacing of every rule ships to every page. This build step hands each such
// literal (in `*.styles.ts`, where the widget keeps its styles) to Lightning CSS, the CSS
// minifier Vite itself uses, and puts the result back. A literal with `${…}` parts is left as
// written: its pieces are not CSS on their own.
import { transform } from 'lightningcss';

const STYLE_FILE = /\.styles\.ts$/;
const CSS_LITERAL = /\bcss`([^`]*)`/g;

/** @returns {import('vite').Plugin} */
export function minifyCssLiterals() {
  return {
    name: 'todo-widget:minify-css-literals',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!STYLE_FILE.test(id)) return null;
      let changed = false;
      const minified = code.replace(CSS_LITERAL, (literal, body) => {
        if (body.includes('${') || body.includes('\\')) return literal;
        const { code: output } = transform({ filename: id, code: Buffer.from(body), minify: true });
        changed = true;
        return `css\`${output.toString()}\``;
      });
      return changed ? { code: minified, map: null } : null;
    },
  };
}
