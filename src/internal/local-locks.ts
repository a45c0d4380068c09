/**
 * Web Locks that only this JavaScript context can see. Used where the browser denies the
 * real `navigator.locks` (Chromium does when the user blocks site data: Web Locks, IndexedDB
 * and OPFS all throw SecurityError). PGlite's worker elects its leader with Web Locks and
 * would otherwise wait forever; with these, one tab runs its own unshared database.
 */
export class LocalLockManager {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #heldElsewhere: (name: string) => boolean;

  /**
   * @param heldElsewhere names of locks another context holds for as long as it lives (so
   *   they are never granted here): with real Web Locks a worker waits on such a lock to learn
   *   that its tab closed, and granting it at once would tell the worker the tab is gone.
   */
  constructor({ heldElsewhere = () => false }: { heldElsewhere?: (name: string) => boolean } = {}) {
    this.#heldElsewhere = heldElsewhere;
  }

  /** Same contract as `LockManager.request` for exclusive locks: `callback` runs once the lock is free. */
  request<T>(name: string, ...args: [(lock: { name: string }) => T | Promise<T>] | [unknown, (lock: { name: string }) => T | Promise<T>]): Promise<T> {
    const callback = args.length === 1 ? args[0] : args[1];
    if (this.#heldElsewhere(name)) return new Promise<T>(() => undefined);
    const previous = this.#tails.get(name) ?? Promise.resolve();
    const result = previous.then(() => callback({ name }));
    const tail = result.catch(() => undefined);
    this.#tails.set(name, tail);
    void tail.then(() => {
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    });
    return result;
  }

  query(): Promise<{ held: { name: string }[]; pending: { name: string }[] }> {
    return Promise.resolve({ held: [...this.#tails.keys()].map((name) => ({ name })), pending: [] });
  }
}

/**
 * Puts a {@link LocalLockManager} in place of the unusable `navigator.locks` while `run`
 * goes. Only called where every real Web Locks call fails anyway, so the page loses nothing.
 */
export async function withLocalLocks<T>(locks: LocalLockManager, run: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  try {
    return await run();
  } finally {
    // The own property shadowed the prototype's getter; deleting it brings the real one back.
    delete (navigator as { locks?: unknown }).locks;
  }
}
