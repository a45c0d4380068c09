/**
 * Asks the browser's "Leave site?" question while `needed()` is true. The listener is only there
 * while needed: a `beforeunload` listener keeps some browsers from putting the page in the
 * back/forward cache. Call the returned function whenever `needed()` may have changed.
 */
export function guardUnload(needed: () => boolean): () => void {
  let listening = false;
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!needed()) return;
    event.preventDefault();
    // Chromium before 119 and older Safari ask only when returnValue is set.
    event.returnValue = '';
  };
  return () => {
    if (typeof window === 'undefined') return;
    const want = needed();
    if (want === listening) return;
    listening = want;
    if (want) window.addEventListener('beforeunload', onBeforeUnload);
    else window.removeEventListener('beforeunload', onBeforeUnload);
  };
}
