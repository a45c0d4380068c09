/**
 * Where a database's files are, for the page as well as the leader (kept apart from engine.ts,
 * so the main thread carries only this). Each engine format keeps a database's files under a
 * name of its own: `<database><suffix>`, the OPFS directory and PGlite's IndexedDB database
 * `/pglite/<name>`. ENGINE.suffix (engine.ts) is this one.
 */
export const ENGINE_FILES_SUFFIX = '~pg19';

/** The name a database's files have under an engine (by default this build's; EngineFormat.suffix). */
export const filesName = (database: string, suffix: string = ENGINE_FILES_SUFFIX) => database + suffix;
