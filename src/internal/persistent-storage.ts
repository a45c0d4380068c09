/**
 * Whether the browser keeps this origin's storage until the user clears it, instead of
 * evicting it under storage pressure or after weeks without a visit.
 * `undefined` where the Storage API is missing.
 */
export function isStoragePersisted(): Promise<boolean | undefined> {
  return navigator.storage?.persisted?.().catch(() => undefined) ?? Promise.resolve(undefined);
}

let request: Promise<boolean | undefined> | undefined;

/**
 * Asks once per page for persistent storage. Called after the user's first add, not at
 * load: some browsers prompt, and a widget must not greet a visitor with a prompt.
 */
export function requestPersistentStorage(): Promise<boolean | undefined> {
  request ??= navigator.storage?.persist?.().catch(() => false) ?? Promise.resolve(undefined);
  return request;
}
