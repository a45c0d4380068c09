import type { syncEnglish } from './sync-messages';
import type { transferEnglish } from './transfer-messages';
import type { undoEnglish } from './undo-messages';

/**
 * The English message catalogue: every string the widget shows or announces, and the source of
 * truth for the keys. Another language gives any subset of these keys (`Translation`); a key it
 * lacks falls back to English, so a feature can add a key here first and translations later.
 *
 * `{name}` is replaced by a parameter (numbers formatted for the language); a plural message
 * gives one text per `Intl.PluralRules` category it needs (`other` always), `{count}` the number.
 */
export const en = {
  // <todo-input>
  newTodoLabel: 'New todo',
  newTodoPlaceholder: 'What needs to be done?',
  // <todo-item>
  toggleTodo: 'Toggle Todo',
  deleteTodo: 'Delete',
  editTodo: 'Edit',
  editHint: 'Double-click, Enter or F2 to edit',
  saving: 'saving…',
  retry: 'Retry',
  // <todo-list>
  todosRegion: 'Todos',
  todoItems: 'Todo items',
  markAllComplete: 'Mark all as complete',
  loadingTodos: 'Loading todos…',
  unfinishedEdits: 'Unfinished edits',
  loadFailed: 'Your todos could not be loaded: {message}',
  // <todo-footer>
  itemsLeft: { one: '{count} item left', other: '{count} items left' },
  filtersLabel: 'Show',
  filterAll: 'All',
  filterActive: 'Active',
  filterCompleted: 'Completed',
  clearCompleted: 'Clear completed',
  // <todo-app>: buttons, status line, notices
  reload: 'Reload',
  dismiss: 'Dismiss',
  statusStarting: 'Starting the database…',
  statusUpgrading: 'Upgrading your todos…',
  statusFailed: 'The database could not start: {message}',
  statusOutdated: 'A newer version of this widget is open in another tab · reload this page to keep working',
  statusLeader: 'This tab runs the database (leader)',
  statusFollower: 'Another tab runs the database (follower)',
  keptOpfs: 'saved in this browser (OPFS)',
  keptIdb: 'saved in this browser (IndexedDB; each change takes longer to save)',
  keptMemory: 'not saved: in-memory only, gone when the last tab closes',
  keptBlocked: 'not saved: storage is blocked, in-memory only',
  persistentGranted: 'persistent storage granted',
  persistentDenied: 'persistent storage not granted: the browser may clear it when space runs low',
  notSavedNotice:
    'Not saved: This browser blocks both OPFS and IndexedDB for this site, so todos are kept in memory only. They are lost when this page is closed or reloaded.',
  unknownError: 'unknown error',
  // <todo-search>, and <todo-list> while it searches
  searchLabel: 'Search todos',
  searchMatches: { one: '{count} match', other: '{count} matches' },
  searchNoMatches: 'No todos match',
  // Manual order (reorderable)
  moveHandle: 'Move',
  moveHandleHint: 'Drag, or press Alt+Arrow Up or Alt+Arrow Down, to move',
  movedTo: 'Moved to position {position} of {count}',
  // Undo (<todo-app>)
  undo: 'Undo',
  // Errors whose cause is known (others show their own message)
  errorTitleEmpty: 'A todo needs a title.',
  errorTitleTooLong: 'A title can have at most {limit} characters; this one has {length}.',
  errorTitleCharacters: 'A title cannot contain NUL characters or broken (unpaired surrogate) characters.',
  errorSchemaTooNew:
    'A newer version of this widget is open in another tab and has upgraded the saved todos. Reload this page to keep working.',
  errorMemoryLost:
    'The todos kept in memory were lost: the tab that held them closed, and in-memory todos are not saved anywhere else.',
  errorLeaderChanged: 'The tab that ran the database closed during this change; it may not have been saved.',
  errorTimeout: 'The database did not answer "{operation}" within {timeoutMs} ms.',
  errorClosed: 'The database client is closed.',
  errorOutboxExpired:
    'Kept unsaved since {date}: too long ago to know whether it was saved (and deleted) since. Add it again or discard it.',
  errorInsecureContext:
    'This page was loaded over plain HTTP (not a secure context), where browsers let no site save data. Open it over HTTPS.',
} as const;

/** One text per plural category the language uses (`Intl.PluralRules`); `other` is the fallback. */
export type Plural = { readonly other: string } & { readonly [C in Intl.LDMLPluralRule]?: string };

// The English of the sync status, <todo-transfer> and undo comes with their lazily loaded chunks
// (sync-messages.ts, transfer-messages.ts, undo-messages.ts).
type Catalogue = typeof en & typeof syncEnglish & typeof transferEnglish & typeof undoEnglish;
/** Keys of plain messages. */
export type TextKey = { [K in keyof Catalogue]: Catalogue[K] extends string ? K : never }[keyof Catalogue];
/** Keys of plural messages. */
export type PluralKey = Exclude<keyof Catalogue, TextKey>;
export type MessageKey = keyof Catalogue;

/** A complete catalogue: what English gives. */
export type Messages = { readonly [K in TextKey]: string } & { readonly [K in PluralKey]: Plural };
/** A language, or a host's overrides: any subset of the keys; the rest comes from English. */
export type Translation = Partial<Messages>;

/** Parameters of a message: numbers are formatted for the language. */
export type MessageParams = Readonly<Record<string, string | number>>;
