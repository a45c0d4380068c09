import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import { ImportError } from '../../src/errors';
import { TodoRestoreRepository } from '../../src/db/repositories/todo-restore';
import { UndoHistory } from '../../src/unsaved/undo-history';
import { parseExportFile, serializeExport, exportFileName } from '../../src/db/transfer/file';
import type { TodoExportDocument } from '../../src/db/transfer/document';
import { parseCsv, toCsv, type CsvDelimiter } from '../../src/db/transfer/csv';
import type { ExportFileFormat } from '../../src/db/transfer/file';

// Real worker, real PGlite, real storage; one database for the file, one list per test.
const client = new DatabaseClient({ database: 'test-transfer', createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
let listCounter = 0;
const freshList = () => `transfer-${Date.now()}-${listCounter++}`;

/** What a round trip must keep: everything but when and from where it was exported. */
const content = (document: TodoExportDocument) => document.todos;

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '=HYPERLINK("http://evil","click")',
  "'=1+1",
  "''@SUM(A1)",
  '+cmd',
  '-2',
  'comma, "quotes" and\nnew line\r\nCRLF',
  "'); DROP TABLE todos; --",
  '\u202Eevil.exe\u202C שלום',
  '👩‍👩‍👧‍👦 e\u0301',
  'tab\there',
  '${x} {{x}}',
];

const validTitle = fc
  .oneof(
    fc.constantFrom(...HOSTILE),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  )
  .map((title) =>
    title
      .trim()
      .replaceAll('\u0000', '')
      .replace(/[\uD800-\uDFFF]/g, 'x'),
  )
  .filter((title) => title.length > 0 && [...title].length <= 1000);

const timestamp = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([date, micros]) => date.toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`));

const todoArbitrary = fc.record({
  id: fc.uuid(),
  title: validTitle,
  completed: fc.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  dueAt: fc.option(timestamp, { nil: null }),
});

const documentArbitrary = fc
  .uniqueArray(todoArbitrary, { selector: (todo) => todo.id, maxLength: 12 })
  .map((todos) => ({
    format: 'todo-widget',
    version: 1,
    list: 'generated',
    exportedAt: new Date().toISOString(),
    todos: todos.map((todo, order) => ({ ...todo, order })),
  }));

async function refused(promise: Promise<unknown>, message: RegExp): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ImportError);
    expect((error as Error).message).to.match(message);
    return error as ImportError;
  }
  throw new Error(`expected an ImportError matching ${message}`);
}

describe('TodoRepository export and import', () => {
  before(() => client.init());
  after(() => client.close());

  it('exports a versioned document with every field, in list order', async () => {
    const list = freshList();
    const [a, b] = await repository.addMany(['first', 'second'], list);
    await repository.setCompleted(b!.id, true);
    await repository.setDueAt(a!.id, new Date('2030-01-02T03:04:05.678Z'));
    const document = await repository.exportTodos(list);
    expect(document.format).to.equal('todo-widget');
    expect(document.version).to.equal(1);
    expect(document.list).to.equal(list);
    expect(Date.parse(document.exportedAt)).to.be.closeTo(Date.now(), 60_000);
    expect(document.todos.map((todo) => [todo.id, todo.title, todo.completed, todo.order])).to.deep.equal([
      [a!.id, 'first', false, 0],
      [b!.id, 'second', true, 1],
    ]);
    expect(document.todos[0]!.dueAt).to.equal('2030-01-02T03:04:05.678000Z');
    expect(document.todos[1]!.dueAt).to.equal(null);
    expect(document.todos[0]!.createdAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(exportFileName(list, 'json')).to.equal(`todos-${list}.json`);
    expect(exportFileName('a/b:c', 'csv')).to.equal('todos-a_b_c.csv');
  });

  it('round trip: export, import into an empty list, export again gives the same list (JSON and CSV, hostile titles)', async () => {
    await fc.assert(
      fc.asyncProperty(documentArbitrary, async (generated) => {
        const source = freshList();
        await repository.importTodos(source, generated);
        const exported = await repository.exportTodos(source);
        expect(exported.todos.map((todo) => todo.id).sort()).to.deep.equal(
          generated.todos.map((todo) => todo.id.toLowerCase()).sort(),
        );
        // Ids are in another list now: the copy is made with the file's ids into a fresh database list
        // only after the source is gone, as when moving a list to another browser.
        // CSV also as a spreadsheet in a German, French or Spanish locale saves it (';'), and with tabs.
        const variants: [ExportFileFormat, CsvDelimiter?][] = [['json'], ['csv'], ['csv', ';'], ['csv', '\t']];
        for (const [format, delimiter] of variants) {
          const written = serializeExport(exported, format);
          // A UTF-8 byte order mark first, so Excel on Windows reads the titles as UTF-8.
          if (format === 'csv') expect(written.charCodeAt(0)).to.equal(0xfeff);
          const file = delimiter
            ? toCsv(
                parseCsv(written).map((record) => record.fields),
                delimiter,
              )
            : written;
          await repository.importTodos(source, { ...exported, todos: [] }, { mode: 'replace' });
          const target = freshList();
          const result = await repository.importTodos(target, parseExportFile(file, `todos.${format}`, target));
          expect(result).to.include({ added: exported.todos.length, updated: 0, unchanged: 0, kept: 0, removed: 0 });
          expect(content(await repository.exportTodos(target)), `${format} ${delimiter ?? ''}`).to.deep.equal(
            content(exported),
          );
          await repository.importTodos(target, { ...exported, todos: [] }, { mode: 'replace' });
          await repository.importTodos(source, exported);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('merges: adds new todos, updates changed ones, leaves equal ones, and says how many', async () => {
    const list = freshList();
    await repository.addMany(['keep', 'change', 'local only'], list);
    const document = await repository.exportTodos(list);
    const edited = {
      ...document,
      todos: [
        document.todos[0]!,
        { ...document.todos[1]!, title: 'changed', completed: true, updatedAt: '2999-01-01T00:00:00.000000Z' },
        {
          id: '0190aaaa-0000-7000-8000-000000000001',
          title: 'new',
          completed: false,
          createdAt: '2024-01-01T00:00:00Z',
          updatedAt: '2024-01-01T00:00:00Z',
          dueAt: null,
        },
      ],
    };
    const progress: [number, number][] = [];
    const result = await repository.importTodos(list, edited, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(result).to.include({ added: 1, updated: 1, unchanged: 1, kept: 0, removed: 0 });
    expect(progress.at(-1)).to.deep.equal([3, 3]);
    expect((await repository.getAll(list)).map((todo) => todo.title).sort()).to.deep.equal([
      'changed',
      'keep',
      'local only',
      'new',
    ]);
    // The same document again changes nothing.
    expect(await repository.importTodos(list, edited)).to.include({
      added: 0,
      updated: 0,
      unchanged: 3,
      kept: 0,
      removed: 0,
    });
  });

  it("merge keeps whichever version of a todo is newer: last week's backup does not revert edits made since", async () => {
    const list = freshList();
    const [edited, untouched] = await repository.addMany(['before the edit', 'untouched'], list);
    const backup = await repository.exportTodos(list);
    await repository.rename(edited!.id, 'edited since the backup');
    const result = await repository.importTodos(list, backup);
    expect(result).to.include({ added: 0, updated: 0, unchanged: 1, kept: 1, removed: 0 });
    expect((await repository.get(edited!.id))!.title).to.equal('edited since the backup');
    expect((await repository.get(untouched!.id))!.title).to.equal('untouched');
  });

  it('imports an export of another list as copies with ids of their own; importing it again changes nothing', async () => {
    const source = freshList();
    await repository.addMany(['from A', 'also from A'], source);
    const exported = await repository.exportTodos(source);
    const target = freshList();
    await repository.add('already in B', target);
    const first = await repository.importTodos(target, exported);
    expect(first).to.include({ added: 2, updated: 0, unchanged: 0, kept: 0, removed: 0 });
    const copies = await repository.getAll(target);
    expect(copies.map((todo) => todo.title)).to.deep.equal(['already in B', 'from A', 'also from A']);
    const sourceIds = new Set(exported.todos.map((todo) => todo.id));
    expect(
      copies.filter((todo) => sourceIds.has(todo.id)),
      'no todo moved out of A',
    ).to.deep.equal([]);
    expect(content(await repository.exportTodos(source)), 'A is as it was').to.deep.equal(content(exported));
    expect(await repository.importTodos(target, exported)).to.include({ added: 0, updated: 0, unchanged: 2 });
    expect(await repository.getAll(target)).to.have.length(3);
  });

  it('an import is one undoable step: undo takes back what it added, updated and removed, and leaves later changes alone', async () => {
    const list = freshList();
    const [older, removedByReplace] = await repository.addMany(['old title', 'not in the file'], list);
    const document = await repository.exportTodos(list);
    const file = {
      ...document,
      todos: [
        { ...document.todos[0]!, title: 'newer title from the file', updatedAt: '2999-01-01T00:00:00.000000Z' },
        { ...document.todos[0]!, id: crypto.randomUUID(), title: 'added, untouched', order: 1 },
        { ...document.todos[0]!, id: crypto.randomUUID(), title: 'added, then ticked', order: 2 },
      ],
    };
    const result = await repository.importTodos(list, file, { mode: 'replace' });
    expect(result).to.include({ added: 2, updated: 1, unchanged: 0, kept: 0, removed: 1 });
    await repository.setCompleted(file.todos[2]!.id, true); // changed since the import: undo leaves it

    const history = new UndoHistory(async () => new TodoRestoreRepository(client));
    history.record({ kind: 'import', list, result });
    expect(history.size(list)).to.equal(1);
    const undone = await history.undo(list);
    expect(undone?.kept).to.equal(1);
    const after = await repository.getAll(list);
    expect(after.map((todo) => todo.title).sort()).to.deep.equal([
      'added, then ticked',
      'not in the file',
      'old title',
    ]);
    expect((await repository.get(older!.id))!.updatedAt.getTime()).to.equal(older!.updatedAt.getTime());
    expect((await repository.get(removedByReplace!.id))!.position).to.equal(removedByReplace!.position);
    expect(history.size(list)).to.equal(0);
  });

  it('calls this tab makes while an import runs wait for it, instead of failing', async () => {
    const list = freshList();
    const [tick] = await repository.addMany(['tick me'], list);
    const todos = Array.from({ length: 6000 }, (_, i) => ({
      id: `0190eeee-0000-7000-8000-${String(i).padStart(12, '0')}`,
      title: `bulk ${i}`,
      completed: false,
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
      dueAt: null,
    }));
    let meanwhile: Promise<unknown> | undefined;
    const imported = repository.importTodos(
      list,
      { format: 'todo-widget', version: 1, todos },
      {
        onProgress: (done) => {
          // The tab goes on: an add and a tick while the import's transaction is open.
          if (done > 0)
            meanwhile ??= Promise.all([repository.add('typed meanwhile', list), repository.toggle(tick!.id)]);
        },
      },
    );
    expect(await imported).to.include({ added: 6000 });
    expect(meanwhile, 'the calls were made while the import ran').to.not.equal(undefined);
    await meanwhile;
    const all = await repository.getAll(list);
    expect(all).to.have.length(6002);
    expect(all.find((todo) => todo.id === tick!.id)!.completed).to.equal(true);
    expect(all.at(-1)!.title, 'the add waited for the import, so it comes after it').to.equal('typed meanwhile');
  });

  it('replaces: the list becomes exactly the document', async () => {
    const list = freshList();
    await repository.addMany(['a', 'b'], list);
    const document = await repository.exportTodos(list);
    await repository.add('c', list);
    const result = await repository.importTodos(list, document, { mode: 'replace' });
    expect(result).to.include({ added: 0, updated: 0, unchanged: 2, kept: 0, removed: 1 });
    expect(content(await repository.exportTodos(list))).to.deep.equal(content(document));
  });

  describe('refuses a bad file with a clear error, and changes nothing', () => {
    let list: string;
    let good: TodoExportDocument;
    let before: TodoExportDocument;
    beforeEach(async () => {
      list = freshList();
      await repository.addMany(['one', 'two'], list);
      good = await repository.exportTodos(list);
      good = {
        ...good,
        todos: [
          ...good.todos,
          { ...good.todos[0]!, id: '0190aaaa-0000-7000-8000-00000000000a', title: 'would be added', order: 2 },
        ],
      };
      before = await repository.exportTodos(list);
    });
    afterEach(async () => expect(content(await repository.exportTodos(list))).to.deep.equal(content(before)));

    const withRow = (change: Record<string, unknown>) => ({
      ...good,
      todos: [good.todos[0]!, { ...good.todos[1]!, ...change }, good.todos[2]!],
    });

    it('neither JSON nor CSV', async () => {
      await refused(
        Promise.resolve().then(() => parseExportFile('\u0089PNG\r\n', 'photo.png', list)),
        /neither a todo export in JSON nor a CSV/,
      );
      await refused(
        Promise.resolve().then(() => parseExportFile('{"format": ', 'todos.json', list)),
        /not valid JSON/,
      );
    });

    it('another format or version', async () => {
      await refused(
        repository.importTodos(list, { ...good, format: 'other-app' }),
        /"format" is "other-app", expected "todo-widget"/,
      );
      await refused(repository.importTodos(list, { ...good, version: 2 }), /version 2; this widget reads version 1/);
      await refused(repository.importTodos(list, [good]), /expected a JSON object/);
    });

    it('a title over 1,000 characters, empty, or with NUL, naming the row', async () => {
      const long = await refused(
        repository.importTodos(list, withRow({ title: 'x'.repeat(1001) })),
        /^Row 2: the title has 1,001 characters; at most 1,000/,
      );
      expect(long.row).to.equal(2);
      await refused(repository.importTodos(list, withRow({ title: 'a\u0000b' })), /^Row 2: the title contains a NUL/);
      await refused(repository.importTodos(list, withRow({ title: '   ' })), /^Row 2: the title is empty/);
    });

    it('bad ids, flags and dates, naming the row', async () => {
      await refused(repository.importTodos(list, withRow({ id: 'not-a-uuid' })), /^Row 2: "id" must be a UUID/);
      await refused(
        repository.importTodos(list, withRow({ completed: 'yes' })),
        /^Row 2: "completed" must be true or false/,
      );
      await refused(
        repository.importTodos(list, withRow({ createdAt: 'yesterday' })),
        /^Row 2: "createdAt" must be a date/,
      );
      await refused(repository.importTodos(list, withRow({ dueAt: '2030-13-45' })), /^Row 2: "dueAt" must be a date/);
    });

    it("an impossible calendar date or time (31 February, year 0, 25 o'clock), naming the row and field", async () => {
      for (const [field, value] of [
        ['dueAt', '2030-02-31T09:00:00Z'],
        ['createdAt', '2023-02-29T00:00:00Z'],
        ['updatedAt', '2024-04-31T00:00:00.123456Z'],
        ['createdAt', '0000-01-01T00:00:00Z'],
        ['dueAt', '2030-01-01T25:00:00Z'],
        ['dueAt', '2030-01-01T09:60:00Z'],
        ['dueAt', '2030-01-01T09:00:00+16:00'],
      ] as const) {
        const error = await refused(
          repository.importTodos(list, withRow({ [field]: value })),
          new RegExp(`^Row 2: "${field}" must be a date`),
        );
        expect(error.row, value).to.equal(2);
        expect(error.message, value).to.contain(value);
      }
      // A leap day is a date.
      const leap = await repository.importTodos(freshList(), {
        ...good,
        todos: [{ ...good.todos[0]!, id: '0190ffff-0000-7000-8000-000000000001', dueAt: '2024-02-29T23:59:59+14:00' }],
      });
      expect(leap.added).to.equal(1);
    });

    it('duplicate ids', async () => {
      await refused(repository.importTodos(list, withRow({ id: good.todos[0]!.id })), /^Rows 1 and 2 have the same id/);
    });

    it('a CSV with a missing column, or a short row', async () => {
      const csv = serializeExport(good, 'csv');
      const withoutDue = csv.replace(/,dueAt\r\n/, '\r\n').replace(/,(\r\n)/g, '$1');
      await refused(
        Promise.resolve().then(() => parseExportFile(withoutDue, 'todos.csv', list)),
        /The CSV has no "dueAt" column/,
      );
      const lines = csv.split('\r\n');
      lines[2] = lines[2]!.split(',').slice(0, 4).join(',');
      await refused(
        Promise.resolve().then(() => parseExportFile(lines.join('\r\n'), 'todos.csv', list)),
        /^Row 2 \(line 3\) has 4 fields; the header has 6/,
      );
    });

    it('a file over 50 MB', async () => {
      await refused(
        Promise.resolve().then(() => parseExportFile(' '.repeat(50 * 1024 * 1024 + 1), 'todos.json', list)),
        /larger than 50 MB/,
      );
    });

    it('a failure part-way rolls the whole import back', async () => {
      const many = Array.from({ length: 4500 }, (_, i) => ({
        id: `0190bbbb-0000-7000-8000-${String(i).padStart(12, '0')}`,
        title: `bulk ${i}`,
        completed: false,
        createdAt: '2024-01-01T00:00:00Z',
        updatedAt: '2024-01-01T00:00:00Z',
        dueAt: null,
      }));
      const progress: number[] = [];
      const failed = await repository
        .importTodos(
          list,
          { ...good, todos: [...good.todos, ...many] },
          {
            // Two chunks are written, then the import fails (as a write refused by the database would).
            onProgress: (done) => {
              progress.push(done);
              if (done >= 4000) throw new Error('stopped after two chunks');
            },
          },
        )
        .then(
          () => undefined,
          (error: Error) => error,
        );
      expect(failed?.message).to.equal('stopped after two chunks');
      expect(
        progress.filter((done) => done > 0),
        'two chunks were written before the failure',
      ).to.deep.equal([2000, 4000]);
    });
  });
});
