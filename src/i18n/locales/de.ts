import type { Translation } from '../messages';

/** Deutsch. */
export default {
  newTodoLabel: 'Neues To-do',
  newTodoPlaceholder: 'Was ist zu tun?',
  toggleTodo: 'To-do abhaken',
  deleteTodo: 'Löschen',
  editTodo: 'Bearbeiten',
  editHint: 'Doppelklick, Eingabetaste oder F2 zum Bearbeiten',
  saving: 'wird gespeichert…',
  retry: 'Erneut versuchen',
  todosRegion: 'To-dos',
  todoItems: 'To-do-Einträge',
  markAllComplete: 'Alle als erledigt markieren',
  loadingTodos: 'To-dos werden geladen…',
  unfinishedEdits: 'Unfertige Bearbeitungen',
  loadFailed: 'Deine To-dos konnten nicht geladen werden: {message}',
  itemsLeft: { one: '{count} Eintrag übrig', other: '{count} Einträge übrig' },
  filtersLabel: 'Anzeigen',
  filterAll: 'Alle',
  filterActive: 'Offen',
  filterCompleted: 'Erledigt',
  clearCompleted: 'Erledigte löschen',
  reload: 'Neu laden',
  dismiss: 'Schließen',
  statusStarting: 'Die Datenbank startet…',
  statusFailed: 'Die Datenbank konnte nicht starten: {message}',
  statusOutdated:
    'Eine neuere Version dieses Widgets ist in einem anderen Tab offen · lade diese Seite neu, um weiterzuarbeiten',
  statusLeader: 'Dieser Tab führt die Datenbank (Leader)',
  statusFollower: 'Ein anderer Tab führt die Datenbank (Follower)',
  keptOpfs: 'in diesem Browser gespeichert (OPFS)',
  keptIdb: 'in diesem Browser gespeichert (IndexedDB; jede Änderung braucht länger)',
  keptMemory: 'nicht gespeichert: nur im Arbeitsspeicher, weg, wenn der letzte Tab schließt',
  keptBlocked: 'nicht gespeichert: Speicher blockiert, nur im Arbeitsspeicher',
  persistentGranted: 'dauerhafter Speicher gewährt',
  persistentDenied: 'dauerhafter Speicher nicht gewährt: der Browser darf ihn bei Platzmangel leeren',
  notSavedNotice:
    'Nicht gespeichert: Dieser Browser sperrt OPFS und IndexedDB für diese Website, deshalb bleiben die To-dos nur im Arbeitsspeicher. Sie gehen verloren, wenn diese Seite geschlossen oder neu geladen wird.',
  unknownError: 'unbekannter Fehler',
  errorTitleEmpty: 'Ein To-do braucht einen Titel.',
  errorTitleTooLong: 'Ein Titel darf höchstens {limit} Zeichen haben; dieser hat {length}.',
  errorTitleCharacters: 'Ein Titel darf keine NUL-Zeichen und keine defekten (unpaarigen Surrogat-)Zeichen enthalten.',
  errorSchemaTooNew:
    'Eine neuere Version dieses Widgets ist in einem anderen Tab offen und hat die gespeicherten To-dos aktualisiert. Lade diese Seite neu, um weiterzuarbeiten.',
  errorMemoryLost:
    'Die To-dos im Arbeitsspeicher sind verloren: Der Tab, der sie hielt, wurde geschlossen, und sie sind nirgends sonst gespeichert.',
  errorLeaderChanged:
    'Der Tab, der die Datenbank führte, wurde während dieser Änderung geschlossen; sie ist vielleicht nicht gespeichert.',
  errorTimeout: 'Die Datenbank hat auf „{operation}“ nicht innerhalb von {timeoutMs} ms geantwortet.',
  errorClosed: 'Der Datenbank-Client ist geschlossen.',
} satisfies Translation;
