import type { Translation } from '../messages';

/** Français. */
export default {
  newTodoLabel: 'Nouvelle tâche',
  newTodoPlaceholder: 'Que faut-il faire ?',
  toggleTodo: 'Cocher la tâche',
  deleteTodo: 'Supprimer',
  editTodo: 'Modifier',
  editHint: 'Double-clic, Entrée ou F2 pour modifier',
  saving: 'enregistrement…',
  retry: 'Réessayer',
  todosRegion: 'Tâches',
  todoItems: 'Liste des tâches',
  markAllComplete: 'Tout marquer comme terminé',
  loadingTodos: 'Chargement des tâches…',
  unfinishedEdits: 'Modifications inachevées',
  loadFailed: 'Impossible de charger vos tâches : {message}',
  itemsLeft: { one: '{count} tâche restante', many: '{count} de tâches restantes', other: '{count} tâches restantes' },
  filtersLabel: 'Afficher',
  filterAll: 'Toutes',
  filterActive: 'À faire',
  filterCompleted: 'Terminées',
  clearCompleted: 'Effacer les terminées',
  reload: 'Recharger',
  dismiss: 'Fermer',
  statusStarting: 'Démarrage de la base de données…',
  statusFailed: 'La base de données n’a pas pu démarrer : {message}',
  statusOutdated:
    'Une version plus récente de ce widget est ouverte dans un autre onglet · rechargez cette page pour continuer',
  statusLeader: 'Cet onglet exécute la base de données (meneur)',
  statusFollower: 'Un autre onglet exécute la base de données (suiveur)',
  keptOpfs: 'enregistré dans ce navigateur (OPFS)',
  keptIdb: 'enregistré dans ce navigateur (IndexedDB ; chaque modification est plus longue à enregistrer)',
  keptMemory: 'non enregistré : en mémoire seulement, perdu à la fermeture du dernier onglet',
  keptBlocked: 'non enregistré : stockage bloqué, en mémoire seulement',
  persistentGranted: 'stockage persistant accordé',
  persistentDenied: 'stockage persistant refusé : le navigateur peut l’effacer s’il manque de place',
  notSavedNotice:
    'Non enregistré : ce navigateur bloque OPFS et IndexedDB pour ce site, les tâches ne sont donc gardées qu’en mémoire. Elles seront perdues à la fermeture ou au rechargement de cette page.',
  unknownError: 'erreur inconnue',
  errorTitleEmpty: 'Une tâche doit avoir un titre.',
  errorTitleTooLong: 'Un titre peut compter au plus {limit} caractères ; celui-ci en compte {length}.',
  errorTitleCharacters: 'Un titre ne peut pas contenir de caractère NUL ni de caractère cassé (substitut isolé).',
  errorSchemaTooNew:
    'Une version plus récente de ce widget, ouverte dans un autre onglet, a mis à jour les tâches enregistrées. Rechargez cette page pour continuer.',
  errorMemoryLost:
    'Les tâches gardées en mémoire sont perdues : l’onglet qui les détenait a été fermé, et elles ne sont enregistrées nulle part ailleurs.',
  errorLeaderChanged:
    'L’onglet qui exécutait la base de données a été fermé pendant cette modification ; elle n’a peut-être pas été enregistrée.',
  errorTimeout: 'La base de données n’a pas répondu à « {operation} » en {timeoutMs} ms.',
  errorClosed: 'Le client de la base de données est fermé.',
} satisfies Translation;
