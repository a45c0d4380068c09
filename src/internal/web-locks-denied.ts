/** True when this context may not use Web Locks (blocked site data, opaque origin) or has none. */
export async function webLocksDenied(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.locks) return true;
  try {
    await navigator.locks.query();
    return false;
  } catch {
    return true;
  }
}
