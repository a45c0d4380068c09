/** What the page-lifecycle hooks need of the database client. */
export interface Suspendable {
  suspend(): void;
  resume(): void;
}

/**
 * A frozen background tab or one in the back/forward cache keeps its worker, and a leader's
 * worker keeps the election lock: every other tab would wait on a database that cannot
 * answer. So the client lets go when the page freezes or is cached, and reconnects after.
 * https://developer.chrome.com/docs/web-platform/page-lifecycle-api
 */
export function suspendWithPage(client: Suspendable): () => void {
  const onFreeze = () => client.suspend();
  const onResume = () => client.resume();
  const onPageHide = (event: PageTransitionEvent) => {
    if (event.persisted) client.suspend();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) client.resume();
  };
  document.addEventListener('freeze', onFreeze);
  document.addEventListener('resume', onResume);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  return () => {
    document.removeEventListener('freeze', onFreeze);
    document.removeEventListener('resume', onResume);
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  };
}
