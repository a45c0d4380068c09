import workerUrl from './pglite.worker.ts?worker&url';
import { trustedScriptUrl } from '../internal/trusted-script-url';

/**
 * Starts the database worker from wherever this script was loaded.
 * Browsers refuse `new Worker()` on another origin's URL, so when the widget comes
 * from a CDN the worker is a same-origin `blob:` module that imports the real script
 * (which the asset host must serve with CORS headers). Both go through the widget's Trusted
 * Types policy, for host pages that enforce them.
 */
export function createDatabaseWorker(): Worker {
  const url = new URL(workerUrl, import.meta.url);
  const options: WorkerOptions = { type: 'module', name: 'todo-widget-db' };
  if (url.origin === location.origin) return new Worker(trustedScriptUrl(url.href), options);
  const bootstrap = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(bootstrap);
  try {
    return new Worker(trustedScriptUrl(blobUrl), options);
  } finally {
    // The worker has fetched its source once it starts; the URL is not needed after.
    setTimeout(() => URL.revokeObjectURL(blobUrl), 30_000);
  }
}
