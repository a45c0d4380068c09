import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
// A real older engine: PGlite 0.4.6 writes PostgreSQL 17 files (0.5.16 writes 18).
import { PGlite as PGlite04 } from 'pglite-v0-4';
import pglitePackage from '../../node_modules/@electric-sql/pglite/package.json';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import type { StorageMode } from '../../src/db/storage';
import { EngineIncompatibleError } from '../../src/errors';
import { ENGINE, filesName } from '../../src/workers/engine';
import { createDatabaseWorker } from '../../src/workers/create-worker';

const hex = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every file PGlite keeps for `idb://<name>`, as path → SHA-256 of its contents. */
async function idbFiles(name: string): Promise<Record<string, string>> {
  const db = await request(indexedDB.open(`/pglite/${name}`));
  try {
    const store = db.transaction('FILE_DATA').objectStore('FILE_DATA');
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const files: Record<string, string> = {};
    for (const [i, key] of keys.entries()) {
      const contents = (values[i] as { contents?: Uint8Array }).contents;
      files[String(key)] = contents ? await hex(contents) : 'dir';
    }
    return files;
  } finally {
    db.close();
  }
}

/** Every file of the OPFS data directory `name`, as path → SHA-256 of its contents. */
async function opfsFiles(name: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (dir: FileSystemDirectoryHandle, path: string) => {
    for await (const [entry, handle] of (
      dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
    ).entries()) {
      if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${path}/${entry}`);
      else
        files[`${path}/${entry}`] = await hex(
          new Uint8Array(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer()),
        );
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(name), '');
  return files;
}

/** The widget's engine markers (what it recorded after opening each database). */
async function withMarkers<T>(fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await request(indexedDB.open('todo-widget-engine'));
  try {
    return await request(fn(db.transaction('engines', 'readwrite').objectStore('engines')));
  } finally {
    db.close();
  }
}

const startError = async (database: string, storage: StorageMode) => {
  const client = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  try {
    return await client.init().then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    await client.close();
  }
};

describe('database engine upgrades', () => {
  it('ENGINE names the PGlite this build pins, and the PostgreSQL it runs', async () => {
    expect(ENGINE.pglite).to.equal(pglitePackage.version);
    const pg = await PGlite.create();
    try {
      const { rows } = await pg.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      expect(rows[0]!.v.slice(0, ENGINE.pgMajor.length)).to.equal(ENGINE.pgMajor);
    } finally {
      await pg.close();
    }
  });

  it('refuses IndexedDB files written by PGlite 0.4 (PostgreSQL 17) and leaves them untouched', async () => {
    const name = `test-engine-04-${Date.now()}`;
    const old = await PGlite04.create({ dataDir: `idb://${name}` });
    await old.exec(
      `create table todos (id text primary key, title text); insert into todos values ('a', 'kept by 0.4')`,
    );
    expect((await old.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0]!.v).to.match(
      /^17/,
    );
    await old.close();
    const before = await idbFiles(name);

    const error = await startError(name, 'idb');
    expect(error).to.be.instanceOf(EngineIncompatibleError);
    expect((error as Error).message)
      .to.contain('PostgreSQL 17')
      .and.contain('left untouched');
    expect(await idbFiles(name)).to.deep.equal(before);

    // The engine that wrote them still reads them.
    const again = await PGlite04.create({ dataDir: `idb://${name}` });
    try {
      expect((await again.query<{ title: string }>('select title from todos')).rows).to.deep.equal([
        { title: 'kept by 0.4' },
      ]);
    } finally {
      await again.close();
    }
  });

  it('carries rows over when the old engine reads them and the new one writes them (the path a release would ship)', async () => {
    const oldName = `test-engine-carry-old-${Date.now()}`;
    const old = await PGlite04.create({ dataDir: `idb://${oldName}` });
    await old.exec(`create table todos (id uuid primary key, list text, title text, completed boolean, created_at timestamptz default now());
      insert into todos (id, list, title, completed) values
        ('01890000-0000-7000-8000-000000000001', 'carry', 'one', false),
        ('01890000-0000-7000-8000-000000000002', 'carry', 'two ✓ <b>', true)`);
    // Dump with the engine that can read the files: plain rows, as JSON text.
    const dump = (
      await old.query<{ row: string }>('select row_to_json(t)::text as row from todos t order by id')
    ).rows.map((r) => r.row);
    await old.close();

    const client = new DatabaseClient({
      database: `test-engine-carry-new-${Date.now()}`,
      storage: 'idb',
      createWorker: createDatabaseWorker,
    });
    try {
      await client.init();
      await client.query(
        `insert into todos (id, list, title, completed, created_at)
         select id, list, title, completed, created_at from json_populate_recordset(null::todos, $1::json)`,
        [`[${dump.join(',')}]`],
      );
      const rows = await new TodoRepository(client).getAll('carry');
      expect(rows.map((row) => [row.id, row.title, row.completed, row.dueAt])).to.deep.equal([
        ['01890000-0000-7000-8000-000000000001', 'one', false, null],
        ['01890000-0000-7000-8000-000000000002', 'two ✓ <b>', true, null],
      ]);
    } finally {
      await client.close();
    }
  });

  it('refuses OPFS files whose marker names another PGlite format, untouched, and opens them again once it matches', async () => {
    const name = `test-engine-marker-${Date.now()}`;
    const writer = new DatabaseClient({ database: name, storage: 'opfs', createWorker: createDatabaseWorker });
    await writer.init();
    const todo = await new TodoRepository(writer).add('written by this engine', 'engine');
    await writer.close();
    const key = `opfs:${filesName(name)}`;
    const marker = await withMarkers((store) => store.get(key));
    expect(marker).to.deep.equal({ format: ENGINE.format, pglite: ENGINE.pglite, pgMajor: ENGINE.pgMajor });

    // As if a newer widget, pinning a PGlite with another format, had written them since.
    await withMarkers((store) => store.put({ format: 'pglite-0.6/pg19-other', pglite: '0.6.9', pgMajor: '19' }, key));
    const before = await opfsFiles(filesName(name));
    const error = await startError(name, 'opfs');
    expect(error).to.be.instanceOf(EngineIncompatibleError);
    expect((error as Error).message).to.contain('PGlite 0.6.9');
    expect(await opfsFiles(filesName(name))).to.deep.equal(before);

    // Files under this engine's name without a marker (the marker store was unusable) are this engine's: they open.
    await withMarkers((store) => store.delete(key));
    const reader = new DatabaseClient({ database: name, storage: 'opfs', createWorker: createDatabaseWorker });
    try {
      await reader.init();
      console.log(`start-up phases on OPFS with the engine check: ${JSON.stringify(reader.info?.startup)}`);
      expect((await new TodoRepository(reader).getAll('engine')).map((row) => row.id)).to.deep.equal([todo.id]);
      expect(await withMarkers((store) => store.get(key))).to.deep.equal(marker);
    } finally {
      await reader.close();
    }
  });
});
