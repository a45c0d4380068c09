import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { bundledMigrations } from '../../src/db/migrations';
import { TodoRepository } from '../../src/db/repositories/todos';
import type { StorageKind, StorageMode } from '../../src/db/storage';
import { EngineIncompatibleError } from '../../src/errors';
import {
  ENGINE,
  PREVIOUS_ENGINE,
  assertEngineCompatible,
  filesName,
  readPgVersion,
  readStoredEngine,
} from '../../src/workers/engine';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import type { Engine05Reply, Engine05Request } from '../support/engine-0-5.worker';
import { everythingSql, fixtureSql, type Everything } from '../support/everything';

/**
 * A database the previous release's engine (PGlite 0.5.16, PostgreSQL 18) wrote in this browser,
 * opened by this build (PGlite 0.6, PostgreSQL 19): carried over on the first start, with
 * everything in it, and usable. Real workers, real OPFS and IndexedDB files.
 */

function writeWithEngine05(request: Engine05Request): Promise<Extract<Engine05Reply, { ok: true }>> {
  const worker = new Worker(new URL('../support/engine-0-5.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<Engine05Reply>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(`engine 0.5 worker: ${event.message}`));
    worker.postMessage(request);
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function marker(storage: StorageKind, files: string): Promise<unknown> {
  const db = await request(indexedDB.open('todo-widget-engine'));
  try {
    return await request(db.transaction('engines').objectStore('engines').get(`${storage}:${files}`));
  } finally {
    db.close();
  }
}

/**
 * The previous engine's location holds only the fence, and the previous release's check before
 * it opens anything (the same rule, for its own engine) refuses it: a tab of that release left open
 * cannot start an empty database there and take writes this release never reads.
 */
async function expectFenced(kind: StorageKind, database: string) {
  const oldFiles = filesName(database, PREVIOUS_ENGINE.suffix);
  expect((await readPgVersion(kind, oldFiles))?.trim()).to.equal(ENGINE.pgMajor);
  expect(await marker(kind, oldFiles)).to.deep.equal({
    format: ENGINE.format,
    pglite: ENGINE.pglite,
    pgMajor: ENGINE.pgMajor,
    fence: true,
  });
  let refused: unknown;
  try {
    assertEngineCompatible(await readStoredEngine(kind, oldFiles), PREVIOUS_ENGINE);
  } catch (error) {
    refused = error;
  }
  expect(refused).to.be.instanceOf(EngineIncompatibleError);
  expect((refused as Error).message).to.contain(`PGlite ${ENGINE.pglite} (PostgreSQL ${ENGINE.pgMajor})`);
  if (kind === 'opfs') {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(oldFiles);
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    expect(names).to.deep.equal(['PG_VERSION']);
  } else {
    const db = await request(indexedDB.open(`/pglite/${oldFiles}`));
    try {
      const keys = await request(db.transaction('FILE_DATA').objectStore('FILE_DATA').getAllKeys());
      expect(keys).to.deep.equal([`/pglite/${oldFiles}/PG_VERSION`]);
    } finally {
      db.close();
    }
  }
}

async function readEverything(client: DatabaseClient): Promise<Everything> {
  const row = await client.queryOne<{ everything: Everything }>(everythingSql);
  return row!.everything;
}

async function carriedOver(storage: StorageMode, kind: StorageKind) {
  const database = `test-carry-${kind}-${Date.now()}`;
  const old = await writeWithEngine05({ database, storage: kind, sql: fixtureSql });
  expect(old.version).to.match(/^PostgreSQL 18\.\d+ \(PGlite 0\.5\.16\)/);
  expect(old.migrations).to.equal(bundledMigrations.length);
  expect(old.everything!.todos).to.have.length(1000);
  expect(await readPgVersion(kind, filesName(database, PREVIOUS_ENGINE.suffix))).to.match(/^18/);

  const client = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  // What <todo-app> shows meanwhile ("Upgrading your todos…" and a progress bar) comes from here.
  const upgrading: number[] = [];
  client.onStatus((status) => {
    if (status.kind === 'starting' && status.upgrading !== undefined) upgrading.push(status.upgrading);
  });
  try {
    await client.init();
    expect(upgrading.length, 'the tab heard how far the carry-over was').to.be.greaterThan(0);
    expect(upgrading).to.deep.equal([...upgrading].sort((a, b) => a - b));
    expect(client.status.kind).to.equal('ready');
    expect(client.info?.storage).to.equal(kind);
    console.log(`carry-over on ${kind}, 1,000 todos: ${JSON.stringify(client.info?.startup)}`);
    expect(client.info?.startup['carry_over_ms']).to.be.a('number');
    const version = await client.queryOne<{ v: string }>(`select version() as v`);
    expect(version?.v).to.contain(`PostgreSQL ${ENGINE.pgMajor}.`).and.contain(`PGlite ${ENGINE.pglite}`);

    // Everything there, exactly: every column of every todo, the counts, the migrations, the host's tables.
    const now = await readEverything(client);
    // A sequence may come back ahead of where a session saw it (PostgreSQL logs 32 values ahead,
    // and a start after an unclean stop resumes from there): never behind, so no id is reused.
    expect(Number(now.notesSequence)).to.be.at.least(Number(old.everything!.notesSequence));
    expect({ ...now, notesSequence: '' }).to.deep.equal({ ...old.everything!, notesSequence: '' });
    expect(now.todos.join('\n')).to.contain('Renamed: café au lait ✓').and.not.contain('000000000077');

    // The switch is recorded, and the old files are gone: a fence stands in their place.
    expect(await marker(kind, filesName(database))).to.deep.equal({
      format: ENGINE.format,
      pglite: ENGINE.pglite,
      pgMajor: ENGINE.pgMajor,
      carriedFrom: PREVIOUS_ENGINE.format,
    });
    await expectFenced(kind, database);

    // And usable: counts, accent-free search, add, reorder, complete, delete; host tables write.
    const todos = new TodoRepository(client);
    const home = await todos.getAll('home');
    expect(home).to.have.length(333);
    expect(await todos.counts('Einkäufe')).to.deep.equal({ total: 333, active: 250, completed: 83 });
    expect((await todos.search('home', 'cafe creme')).length).to.be.greaterThan(0);
    expect((await todos.search('work', 'strasse lodz')).length).to.be.greaterThan(0);
    const added = await todos.add('after the carry-over: crème brûlée', 'home');
    expect((await todos.search('home', 'creme brulee')).map((todo) => todo.id)).to.include(added.id);
    await todos.move(added.id, { after: null, before: home[0]!.id });
    expect((await todos.getAll('home'))[0]!.id).to.equal(added.id);
    await todos.setCompleted(home[1]!.id, true);
    await todos.delete(home[2]!.id);
    expect(await todos.counts('home')).to.deep.include({ total: 333 });
    const note = await client.queryOne<{ id: number }>(`insert into host.notes (body) values ('after') returning id`);
    expect(note?.id).to.be.greaterThan(2);
  } finally {
    await client.close();
  }

  // The next start opens the new files as they are: nothing carried again.
  const again = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
  try {
    await again.init();
    expect(again.info?.startup['carry_over_ms']).to.equal(undefined);
    expect((await readEverything(again)).todos).to.have.length(1000);
  } finally {
    await again.close();
  }
}

describe('carrying a database of the previous engine (PGlite 0.5) over', () => {
  it('on OPFS: every todo, count, migration and host table exactly, then usable', () => carriedOver('auto', 'opfs'));
  it('on IndexedDB: every todo, count, migration and host table exactly, then usable', () => carriedOver('idb', 'idb'));

  it('two named databases are carried over each on their own', async () => {
    const stamp = Date.now();
    const names = [`test-carry-a-${stamp}`, `test-carry-b-${stamp}`];
    for (const [index, database] of names.entries()) {
      await writeWithEngine05({
        database,
        storage: 'opfs',
        sql: `insert into todos (id, list, title) values ('01900000-0000-7000-8000-00000000000${index}', 'x', 'in ${database}')`,
        readBack: false,
      });
    }
    for (const database of names) {
      const client = new DatabaseClient({ database, storage: 'opfs', createWorker: createDatabaseWorker });
      try {
        await client.init();
        expect((await new TodoRepository(client).getAll('x')).map((todo) => todo.title)).to.deep.equal([
          `in ${database}`,
        ]);
      } finally {
        await client.close();
      }
    }
  });

  it("a new database fences the previous engine's location too, and the previous engine cannot start there", async () => {
    for (const [storage, kind] of [
      ['opfs', 'opfs'],
      ['idb', 'idb'],
    ] as const) {
      const database = `test-fence-${kind}-${Date.now()}`;
      const client = new DatabaseClient({ database, storage, createWorker: createDatabaseWorker });
      try {
        await client.init();
        expect(client.info?.startup['carry_over_ms']).to.equal(undefined);
      } finally {
        await client.close();
      }
      await expectFenced(kind, database);
      // A release older than the engine check would hand the files straight to PGlite 0.5: it fails
      // to start on them, and the fence stays as it was.
      let failed: unknown;
      try {
        await writeWithEngine05({ database, storage: kind, sql: 'select 1', readBack: false });
      } catch (error) {
        failed = error;
      }
      expect(failed, 'PGlite 0.5 started on the fence').to.be.instanceOf(Error);
      expect((await readPgVersion(kind, filesName(database, PREVIOUS_ENGINE.suffix)))?.trim()).to.equal(ENGINE.pgMajor);
    }
  });
});
