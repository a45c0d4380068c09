/**
 * The English of `<todo-sync-status>` (`part="sync-status"`), part of the catalogue's keys
 * (messages.ts) but shipped with that element's lazily loaded chunk, which adds it
 * (`shipEnglish`): pages without sync carry none of it on the main thread. The other languages
 * have these keys in their own files, as every other key.
 */
export const syncEnglish = {
  syncSynced: 'Synced',
  syncOffline: { one: 'Offline — {count} change waiting', other: 'Offline — {count} changes waiting' },
  syncSyncing: 'Syncing…',
  syncSignIn: 'Sign in again to sync',
} as const;
