/**
 * What a start of the engine downloads besides PGlite's WASM, both built with the widget by
 * scripts/initial-data-dir.mjs (docs/performance.md, "First visit"):
 *
 * - the database a first visit starts from: initdb and every migration already run. Loading it
 *   skips what PGlite does for an empty data directory in the browser: a second PGlite
 *   instance that runs initdb (with a WASM of its own) and a 40 MB copy of the result;
 * - PGlite's runtime files (pglite.data) without those only initdb, other character sets,
 *   ICU collations and replication read: 0.4 MB to download instead of 2.1 MB (gzip). Only in
 *   the script-tag build, which carries its own PGlite: the layout is that version's.
 *
 * Either may be missing (a host that did not deploy it, a CSP, offline): PGlite then uses its
 * own files and runs initdb, slower but the same database.
 */
const INITIAL_DATA_DIR_URL = new URL('./initial-data-dir/data-dir.tar.gz', import.meta.url);
/**
 * Undefined in the npm build (vite.npm.config.ts): there the app installs PGlite itself, maybe
 * another 0.5.x, whose pglite.data has another layout (0.5.17's is 977 bytes shorter).
 */
const RUNTIME_FS_BUNDLE_URL: URL | undefined = new URL('./initial-data-dir/fs-bundle.data', import.meta.url);

const GZIP_MAGIC = [0x1f, 0x8b];

async function fetchBytes(url: URL | undefined, what: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    console.warn(`todo-widget: no ${what} at ${url.href}; PGlite's own files are used instead`, error);
    return undefined;
  }
}

/**
 * The prepared database, typed the way PGlite's loader tells gzip from tar: a server may have
 * sent it with `Content-Encoding: gzip`, and then the browser has already unpacked it.
 */
export async function fetchInitialDataDir(): Promise<Blob | undefined> {
  const bytes = await fetchBytes(INITIAL_DATA_DIR_URL, 'initial database');
  if (!bytes) return undefined;
  const gzipped = GZIP_MAGIC.every((byte, index) => bytes[index] === byte);
  // PGlite unpacks gzip with DecompressionStream (Safari 16.4, Firefox 113, Chrome 80).
  if (gzipped && typeof DecompressionStream !== 'function') return undefined;
  return new Blob([bytes], { type: gzipped ? 'application/gzip' : 'application/x-tar' });
}

/** The trimmed runtime files. Only for a database that exists or comes from the tarball: initdb needs the full set. */
export async function fetchRuntimeFsBundle(): Promise<Blob | undefined> {
  const bytes = await fetchBytes(RUNTIME_FS_BUNDLE_URL, 'runtime file bundle');
  return bytes && new Blob([bytes]);
}

/**
 * PGlite starts downloading initdb.wasm in `create()` even when `loadDataDir` means initdb never
 * runs, unless it is handed a compiled module. An empty one is never instantiated, and saves
 * the download (300 KB) a first visit would otherwise race against. docs/upstream.md.
 */
export function unusedInitdbModule(): Promise<WebAssembly.Module> {
  return WebAssembly.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
}
