import { expect, fixture, html as testHtml, waitUntil } from '@open-wc/testing';
import { PGlite } from '@electric-sql/pglite';
import { getTableConfig, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LitElement, css, html } from 'lit';
import { v7 as uuidv7 } from 'uuid';
import { LiveQueryController } from '../../src/controllers/live-query-controller';
import type { DatabaseClient, Unsubscribe } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations, type BundledMigration } from '../../src/db/migrations';
import { configure, getDatabaseClient } from '../../src/registry';
import { LiveQueryWatch } from '../support/live-query-watch';

// CONTRIBUTING.md, "Adding a table, a migration, a repository and a live element", followed step
// by step with its example (a `notes` table): if a step stops working, this test fails, and the
// guide is wrong. The code below is the guide's code.
const DATABASE = `test-guide-${Date.now()}`;
configure({ database: DATABASE });

// Step 1: the table, in src/db/schema.ts.
export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  list: text('list').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

// Step 2: the migration `npm run db:generate` writes for it (src/db/migrations/0005_notes.sql).
const NOTES_SQL = `CREATE TABLE "notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"list" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
`;
const notesMigration: BundledMigration = {
  tag: '0005_notes',
  when: bundledMigrations.at(-1)!.when + 1,
  sql: NOTES_SQL,
};

// Step 3: the repository, in src/db/repositories/notes.ts.
export interface Note {
  readonly id: string;
  readonly list: string;
  readonly body: string;
}

export class NotesRepository {
  constructor(private readonly client: DatabaseClient) {}

  /** Adds a note; applied at most once, even when a leader hand-over makes the client send it again. */
  async add(body: string, list: string): Promise<Note> {
    const id = uuidv7();
    const [note] = await this.client.query<Note>(
      'insert into notes (id, list, body) values ($1, $2, $3) returning id, list, body',
      [id, list, body.trim()],
      { requestId: id },
    );
    return note!;
  }

  /** The notes of `list`, oldest first, now and after every change in any tab. */
  subscribe(list: string, callback: (notes: Note[]) => void): Promise<Unsubscribe> {
    return this.client.liveQuery<Note>(
      'select id, list, body from notes where list = $1 order by id',
      [list],
      callback,
    );
  }
}

// Step 4: the live element, in src/elements/note-list/note-list.element.ts.
export class NoteList extends LitElement {
  static override properties = { list: { type: String } };
  static override styles = css`
    :host {
      display: block;
    }
  `;
  declare list: string;

  readonly #notes = new LiveQueryController<Note[], [string]>(this, {
    args: () => [this.list],
    subscribe: ([list], deliver) => new NotesRepository(getDatabaseClient()).subscribe(list, deliver),
  });

  constructor() {
    super();
    this.list = 'default';
  }

  override render() {
    return html`<ul aria-label="Notes">
      ${(this.#notes.value ?? []).map((note) => html`<li>${note.body}</li>`)}
    </ul>`;
  }
}
// …and src/elements/note-list/note-list.ts defines it.
customElements.define('note-list', NoteList);

describe('CONTRIBUTING: adding a table, a migration, a repository and a live element', function () {
  this.timeout(120_000);

  it('step 1 and 2: the migration creates the table as schema.ts declares it, after the bundled ones', async () => {
    const pg = await PGlite.create();
    try {
      const applied = await migrate(pg, [...bundledMigrations, notesMigration]);
      expect(applied.at(-1)).to.equal('0005_notes');
      const columns = await pg.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'notes' order by ordinal_position`,
      );
      expect(columns.rows.map((row) => row.column_name)).to.deep.equal(
        getTableConfig(notes).columns.map((column) => column.name),
      );
      expect(await migrate(pg, [...bundledMigrations, notesMigration])).to.deep.equal([], 'a re-open applies nothing');
    } finally {
      await pg.close();
    }
  });

  it('step 3 and 4: the repository writes through the leader, and the element shows its notes live', async () => {
    const client = getDatabaseClient(DATABASE);
    await client.init();
    // In the widget the leader applies the migration as it opens the database; here the test
    // creates the table itself (its database already runs the bundled migrations).
    await client.exec(NOTES_SQL.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
    const notesRepository = new NotesRepository(client);
    await notesRepository.add('  first note  ', 'guide');
    const watch = new LiveQueryWatch(DATABASE);
    try {
      const element = await fixture<NoteList>(testHtml`<note-list list="guide"></note-list>`);
      const shown = () => [...element.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent);
      await waitUntil(() => shown().join() === 'first note', 'the element shows the stored note', { timeout: 30_000 });
      await notesRepository.add('second note', 'guide');
      await notesRepository.add('elsewhere', 'another list');
      await waitUntil(() => shown().join() === 'first note,second note', 'a new note shows live', { timeout: 30_000 });
      await expect(element).to.be.accessible();
      await watch.above(0, 'the element reads its notes live');
      element.remove();
      await watch.until(0, 'removing the element stops its live query');
    } finally {
      watch.close();
    }
  });
});
