import { InvalidListError, TitleCharactersError, TitleEmptyError, TitleTooLongError } from '../errors';
import { LIST_MAX_LENGTH, TITLE_MAX_LENGTH } from './limits';

/** Length as Postgres `char_length` counts it: Unicode code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The title as it will be stored: trimmed, 1–1000 code points.
 * @throws {TitleEmptyError | TitleTooLongError | TitleCharactersError}
 */
export function normalizeTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw new TitleEmptyError();
  const length = codePointLength(trimmed);
  if (length > TITLE_MAX_LENGTH) throw new TitleTooLongError(TITLE_MAX_LENGTH, length);
  // Postgres text is UTF-8: NUL cannot be stored, and an unpaired surrogate would silently
  // come back as U+FFFD. Refusing both keeps the promise that a title is stored verbatim.
  if (trimmed.includes('\u0000') || LONE_SURROGATE.test(trimmed)) throw new TitleCharactersError();
  return trimmed;
}

/**
 * A list name follows the same character rules as a title: stored verbatim, so no NUL and no
 * unpaired surrogate (which Postgres would turn into U+FFFD, making "a\uD800" and "a\uDC00" one list).
 * @throws {InvalidListError}
 */
export function validateList(list: string): string {
  const length = codePointLength(list);
  if (length === 0 || length > LIST_MAX_LENGTH || list.includes('\u0000') || LONE_SURROGATE.test(list)) {
    throw new InvalidListError(list, LIST_MAX_LENGTH);
  }
  return list;
}
