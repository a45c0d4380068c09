import { html } from 'lit';

type Highlight = typeof import('../../internal/highlight').highlight;
let highlighter: Highlight | undefined;
let highlighterLoading: Promise<void> | undefined;
const loadHighlighter = () =>
  (highlighterLoading ??= import('../../internal/highlight').then((module) => {
    highlighter = module.highlight;
  }));

/**
 * A todo's title as text, with the words `query` matched marked (still text: never markup). The
 * marker loads with the first search, like search itself; until then the title shows unmarked
 * and `loaded` is called once it is there.
 */
export function markedTitle(title: string, query: string, loaded: () => void) {
  if (!query.trim()) return title;
  if (!highlighter) {
    void loadHighlighter().then(loaded);
    return title;
  }
  return highlighter(title, query).map((segment) =>
    segment.match ? html`<mark part="match">${segment.text}</mark>` : segment.text,
  );
}
