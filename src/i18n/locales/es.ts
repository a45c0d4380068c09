import type { Translation } from '../messages';

/** Español. */
export default {
  newTodoLabel: 'Nueva tarea',
  newTodoPlaceholder: '¿Qué hay que hacer?',
  toggleTodo: 'Marcar tarea',
  deleteTodo: 'Eliminar',
  editTodo: 'Editar',
  editHint: 'Doble clic, Intro o F2 para editar',
  saving: 'guardando…',
  retry: 'Reintentar',
  todosRegion: 'Tareas',
  todoItems: 'Lista de tareas',
  markAllComplete: 'Marcar todas como completadas',
  loadingTodos: 'Cargando tareas…',
  unfinishedEdits: 'Ediciones sin terminar',
  loadFailed: 'No se pudieron cargar tus tareas: {message}',
  itemsLeft: { one: 'Queda {count} tarea', many: 'Quedan {count} de tareas', other: 'Quedan {count} tareas' },
  filtersLabel: 'Mostrar',
  filterAll: 'Todas',
  filterActive: 'Pendientes',
  filterCompleted: 'Completadas',
  clearCompleted: 'Borrar completadas',
  reload: 'Recargar',
  dismiss: 'Cerrar',
  statusStarting: 'Iniciando la base de datos…',
  statusFailed: 'No se pudo iniciar la base de datos: {message}',
  statusOutdated:
    'Hay una versión más reciente de este widget abierta en otra pestaña · recarga esta página para seguir trabajando',
  statusLeader: 'Esta pestaña ejecuta la base de datos (líder)',
  statusFollower: 'Otra pestaña ejecuta la base de datos (seguidora)',
  keptOpfs: 'guardado en este navegador (OPFS)',
  keptIdb: 'guardado en este navegador (IndexedDB; cada cambio tarda más en guardarse)',
  keptMemory: 'sin guardar: solo en memoria, se pierde al cerrar la última pestaña',
  keptBlocked: 'sin guardar: el almacenamiento está bloqueado, solo en memoria',
  persistentGranted: 'almacenamiento persistente concedido',
  persistentDenied: 'almacenamiento persistente no concedido: el navegador puede borrarlo si falta espacio',
  notSavedNotice:
    'Sin guardar: este navegador bloquea OPFS e IndexedDB para este sitio, así que las tareas solo se guardan en memoria. Se pierden al cerrar o recargar esta página.',
  unknownError: 'error desconocido',
  errorTitleEmpty: 'Una tarea necesita un título.',
  errorTitleTooLong: 'Un título puede tener como máximo {limit} caracteres; este tiene {length}.',
  errorTitleCharacters: 'Un título no puede contener caracteres NUL ni caracteres rotos (sustitutos sin pareja).',
  errorSchemaTooNew:
    'Una versión más reciente de este widget, abierta en otra pestaña, ha actualizado las tareas guardadas. Recarga esta página para seguir trabajando.',
  errorMemoryLost:
    'Se perdieron las tareas guardadas en memoria: la pestaña que las tenía se cerró y no se guardan en ningún otro sitio.',
  errorLeaderChanged:
    'La pestaña que ejecutaba la base de datos se cerró durante este cambio; puede que no se haya guardado.',
  errorTimeout: 'La base de datos no respondió a «{operation}» en {timeoutMs} ms.',
  errorClosed: 'El cliente de la base de datos está cerrado.',
} satisfies Translation;
