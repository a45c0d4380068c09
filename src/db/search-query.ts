/**
 * What a search field's text asks the database for (see the `search*` statements): the words
 * in websearch syntax (`"a phrase"`, `or`, `-not`), and the last word, which the user may still
 * be typing, as a prefix, so "mil" finds "Buy milk" before the word is finished.
 */
export interface SearchQuery {
  /** Websearch-syntax text, passed to `websearch_to_tsquery`. */
  readonly words: string;
  /** The word being typed, matched as a prefix; empty when there is none. */
  readonly prefix: string;
  /** `words` ends in "or": the prefix is an alternative, not one more required word. */
  readonly anyOf: boolean;
}

/** Longest search text taken; the rest is ignored (a title is at most 1,000 characters). */
export const SEARCH_MAX_LENGTH = 1000;

/**
 * NUL, which Postgres text refuses ("invalid byte sequence"), and unpaired surrogates (a cut
 * pair, too): no title holds either (validation.ts refuses them), so they only separate words.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Splits what the user typed into {@link SearchQuery}; `undefined` for blank text (no search).
 * The last word is a prefix unless the text ends in a space (the word is finished), sits inside
 * an open or closed quote (a phrase is matched as typed), is negated (`-milk`) or is "or".
 */
export function parseSearchQuery(input: string): SearchQuery | undefined {
  const text = input.slice(0, SEARCH_MAX_LENGTH).replaceAll('\u0000', ' ').replace(LONE_SURROGATE, ' ');
  if (text.trim() === '') return undefined;
  const whole: SearchQuery = { words: text, prefix: '', anyOf: false };
  if (/\s$/.test(text)) return whole;
  const quotes = text.split('"').length - 1;
  if (quotes % 2 === 1) return whole;
  const last = /\S+$/.exec(text)!;
  const token = last[0];
  if (token.includes('"') || token.startsWith('-') || token.toLowerCase() === 'or') return whole;
  const words = text.slice(0, last.index);
  const anyOf = /(?:^|\s)or\s*$/i.test(words);
  return { words: anyOf ? words.replace(/or\s*$/i, '') : words, prefix: token, anyOf };
}
