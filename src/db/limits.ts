// Plain constants shared by the schema, the validation and the elements (no Drizzle, no DOM).

/** Longest title, in Unicode code points (what Postgres `char_length` counts). */
export const TITLE_MAX_LENGTH = 1000;

/** Longest list name, in code points. */
export const LIST_MAX_LENGTH = 200;

/** The list a todo belongs to when none is named. */
export const DEFAULT_LIST = 'default';

/** Largest file an import reads: 50 MB, some 200,000 todos with long titles. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * The list an element's `list` names: unset, `null` or `""` (an optional React or Vue prop, a removed
 * attribute) is the default list, not an error.
 */
export function listOrDefault(list: string | null | undefined): string {
  return list || DEFAULT_LIST;
}
