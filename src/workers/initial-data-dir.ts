/**
 * The database a first visit starts from: initdb and every migration already run, built with
 * the widget by scripts/initial-data-dir.mjs. Loading it skips what PGlite does for an empty
 * data directory in the browser: a second PGlite instance that runs initdb (with a WASM of its
 * own) and a 40 MB copy of the result. See docs/performance.md, "First visit".
 */
const INITIAL_DATA_DIR_URL = new URL('./initial-data-dir/data-dir.tar.gz', import.meta.url);

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The tarball, typed the way PGlite's loader tells gzip from tar. A server may have sent it with
 * `Content-Encoding: gzip`, and then the browser has already unpacked it: the bytes decide.
 * Undefined when it cannot be fetched (the host did not deploy it, a CSP, offline): the
 * caller then lets PGlite run initdb, slower but the same database.
 */
export async function fetchInitialDataDir(): Promise<Blob | undefined> {
  try {
    const response = await fetch(INITIAL_DATA_DIR_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const gzipped = GZIP_MAGIC.every((byte, index) => bytes[index] === byte);
    return new Blob([bytes], { type: gzipped ? 'application/gzip' : 'application/x-tar' });
  } catch (error) {
    console.warn(`todo-widget: no initial database at ${INITIAL_DATA_DIR_URL.href}, running initdb instead`, error);
    return undefined;
  }
}

/**
 * PGlite starts downloading initdb.wasm in `create()` even when `loadDataDir` means initdb never
 * runs, unless it is handed a compiled module. An empty one is never instantiated, and saves
 * the download (300 KB) a first visit would otherwise race against. docs/upstream.md.
 */
export function unusedInitdbModule(): Promise<WebAssembly.Module> {
  return WebAssembly.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
}
