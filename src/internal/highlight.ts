/** A piece of a title: text, and whether it is a matched word. Always rendered as text. */
export interface HighlightSegment {
  readonly text: string;
  readonly match: boolean;
}

const UNDECOMPOSED: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};

/**
 * The words search compares, folded as the database folds titles (`todo_search_text` in
 * migration 0002): lower case, Unicode NFD without combining marks, a few letters mapped.
 */
export function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øłđħıŧßæœ]/g, (letter) => UNDECOMPOSED[letter] ?? letter);
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The words of a search's text to mark in titles: every word not negated (`-word`) and not the
 * operator "or"; the last one also marks longer words it begins ("mil" marks "milk"), as the
 * search matches it as a prefix while it is typed. See db/search-query.ts for the search itself.
 */
export function searchTerms(query: string): { readonly words: ReadonlySet<string>; readonly prefix?: string } {
  const words = new Set<string>();
  let prefix: string | undefined;
  const tokens = query.split(/\s+/).filter(Boolean);
  const open = /\s$/.test(query) || (query.split('"').length - 1) % 2 === 1;
  tokens.forEach((token, index) => {
    if (token.startsWith('-') || token.toLowerCase() === 'or') return;
    const parts = token.match(WORD) ?? [];
    parts.forEach((part, partIndex) => {
      const last = index === tokens.length - 1 && partIndex === parts.length - 1;
      if (last && !open && !token.includes('"')) prefix = fold(part);
      else words.add(fold(part));
    });
  });
  return prefix === undefined ? { words } : { words, prefix };
}

/**
 * Splits `title` into segments, the words `query` matches marked. Plain strings in, plain
 * strings out: the caller renders them as text, so a title full of markup stays inert.
 */
export function highlight(title: string, query: string): HighlightSegment[] {
  const { words, prefix } = searchTerms(query);
  if (words.size === 0 && prefix === undefined) return [{ text: title, match: false }];
  const segments: HighlightSegment[] = [];
  let at = 0;
  for (const found of title.matchAll(WORD)) {
    const word = fold(found[0]);
    if (!words.has(word) && !(prefix !== undefined && word.startsWith(prefix))) continue;
    if (found.index > at) segments.push({ text: title.slice(at, found.index), match: false });
    segments.push({ text: found[0], match: true });
    at = found.index + found[0].length;
  }
  if (at < title.length) segments.push({ text: title.slice(at), match: false });
  return segments;
}
