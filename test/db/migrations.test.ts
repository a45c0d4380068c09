import { expect } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations, knownMigrations, type BundledMigration } from '../../src/db/migrations';
import { ConfigurationError } from '../../src/errors';

/** How releases before the upgrade work migrated: Drizzle's own migrator, same table. */
async function migrateLikeEarlierReleases(pg: PGlite, migrations: readonly BundledMigration[]): Promise<void> {
  const { session } = drizzle({ client: pg }) as unknown as { session: PgSession };
  const hex = async (text: string) =>
    [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('');
  const metas = await Promise.all(
    migrations.map(async (m) => ({
      sql: m.sql.split('--> statement-breakpoint'),
      bps: true,
      folderMillis: m.when,
      hash: await hex(m.sql),
    })),
  );
  await new PgDialect().migrate(metas, session, {
    migrationsFolder: 'bundled',
    migrationsSchema: 'todo_widget',
    migrationsTable: 'migrations',
  });
}

/**
 * Runs the worker's migration code against real PGlite persisted in IndexedDB, reopening
 * the database between steps the way a new widget version would.
 */
const dataDir = `idb://test-migrations-${Date.now()}`;

// A later migration, as the next widget version would ship it.
const nextMigration: BundledMigration = {
  tag: '9999_test_add_note',
  when: Number.MAX_SAFE_INTEGER,
  sql: 'ALTER TABLE "todos" ADD COLUMN "note" text;--> statement-breakpoint\nCREATE INDEX "todos_note_idx" ON "todos" ("note");',
};

async function withDatabase<T>(fn: (pg: PGlite) => Promise<T>): Promise<T> {
  const pg = await PGlite.create({ dataDir });
  try {
    return await fn(pg);
  } finally {
    await pg.close();
  }
}

const appliedCount = async (pg: PGlite) =>
  (await pg.query<{ n: number }>('select count(*)::int as n from todo_widget.migrations')).rows[0]!.n;

describe('migrations', () => {
  it('are the SQL drizzle-kit generated, in journal order', () => {
    expect(bundledMigrations.length).to.be.greaterThan(0);
    expect(bundledMigrations[0]!.sql).to.contain('CREATE TABLE "todos"');
    const order = bundledMigrations.map((migration) => migration.when);
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
  });

  it('apply once; a re-open applies nothing; a later set upgrades in place keeping every row', async () => {
    await withDatabase(async (pg) => {
      await migrate(pg, bundledMigrations);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length);
      await pg.query(
        `insert into todos (id, list, title) values
           ('01890000-0000-7000-8000-000000000001', 'm', 'first'),
           ('01890000-0000-7000-8000-000000000002', 'm', 'second')`,
      );
    });

    await withDatabase(async (pg) => {
      await migrate(pg, bundledMigrations);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length);
    });

    await withDatabase(async (pg) => {
      await migrate(pg, [...bundledMigrations, nextMigration]);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length + 1);
      const rows = (await pg.query<{ title: string; note: string | null }>('select title, note from todos order by id'))
        .rows;
      expect(rows).to.deep.equal([
        { title: 'first', note: null },
        { title: 'second', note: null },
      ]);
      await migrate(pg, [...bundledMigrations, nextMigration]);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length + 1);
    });
  });

  it("upgrade a database that Drizzle's migrator (earlier releases) made, applying only what is new", async () => {
    const dir = `idb://test-migrations-drizzle-${Date.now()}`;
    const previous = await PGlite.create({ dataDir: dir });
    try {
      await migrateLikeEarlierReleases(previous, bundledMigrations.slice(0, -1));
      await previous.query(
        `insert into todos (id, list, title) values ('01890000-0000-7000-8000-0000000000a1', 'd', 'from before')`,
      );
    } finally {
      await previous.close();
    }
    const pg = await PGlite.create({ dataDir: dir });
    try {
      expect(await migrate(pg, bundledMigrations)).to.deep.equal([
        bundledMigrations[bundledMigrations.length - 1]!.tag,
      ]);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length);
      const rows = (await pg.query<{ title: string; due_at: Date | null }>('select title, due_at from todos')).rows;
      expect(rows).to.deep.equal([{ title: 'from before', due_at: null }]);
      // ...and Drizzle's migrator, reading the table back, sees nothing left to do either.
      await migrateLikeEarlierReleases(pg, bundledMigrations);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length);
    } finally {
      await pg.close();
    }
  });

  it('leave alone a database that a newer release migrated further', async () => {
    const pg = await PGlite.create();
    try {
      await migrate(pg, [...bundledMigrations, nextMigration]);
      expect(await migrate(pg, bundledMigrations)).to.deep.equal([]);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length + 1);
    } finally {
      await pg.close();
    }
  });

  it('can be limited to the first N, as an older release; nonsense limits are refused', () => {
    expect(knownMigrations(1)).to.deep.equal(bundledMigrations.slice(0, 1));
    expect(knownMigrations(undefined)).to.equal(bundledMigrations);
    for (const bad of [0, -1, 1.5, bundledMigrations.length + 1, 'x']) {
      expect(() => knownMigrations(bad)).to.throw(ConfigurationError);
    }
  });

  it('roll back a failing migration whole, leaving the schema as it was', async () => {
    const pg = await PGlite.create();
    try {
      await migrate(pg, bundledMigrations);
      const broken: BundledMigration = {
        tag: '9998_broken',
        when: Number.MAX_SAFE_INTEGER - 1,
        sql: 'ALTER TABLE "todos" ADD COLUMN "half" text;--> statement-breakpoint\nSELECT no_such_function();',
      };
      const error = await migrate(pg, [...bundledMigrations, broken]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error);
      const columns = (
        await pg.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_name = 'todos' and column_name = 'half'`,
        )
      ).rows;
      expect(columns).to.have.length(0);
      expect(await appliedCount(pg)).to.equal(bundledMigrations.length);
    } finally {
      await pg.close();
    }
  });

  it('enforce the title rules in the database too', async () => {
    const pg = await PGlite.create();
    try {
      await migrate(pg);
      for (const title of ['   ', 'x'.repeat(1001)]) {
        const error = await pg
          .query(`insert into todos (id, title) values ('01890000-0000-7000-8000-0000000000ff', $1)`, [title])
          .catch((e: unknown) => e);
        expect((error as { code?: string }).code).to.equal('23514');
      }
    } finally {
      await pg.close();
    }
  });
});
