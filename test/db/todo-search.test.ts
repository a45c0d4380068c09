import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository, type TodoWindow } from '../../src/db/repositories/todos';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import type { Todo } from '../../src/db/schema';

// Real worker, real PGlite (with unaccent), real storage; one database for the file, one list per test.
const client = new DatabaseClient({ database: 'test-search', createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
let listCounter = 0;
const freshList = () => `search-${Date.now()}-${listCounter++}`;
const titles = (todos: readonly Todo[]) => todos.map((todo) => todo.title);

describe('TodoRepository search', () => {
  before(() => client.init());
  after(() => client.close());

  it('finds a word from its first letters, case-insensitively', async () => {
    const list = freshList();
    await repository.addMany(['Buy milk', 'Call mom', 'MILKSHAKE for Sam', 'Similar'], list);
    expect(titles(await repository.search(list, 'mil'))).to.have.members(['Buy milk', 'MILKSHAKE for Sam']);
    expect(titles(await repository.search(list, 'MIL'))).to.have.members(['Buy milk', 'MILKSHAKE for Sam']);
    // A finished word (trailing space) is matched whole.
    expect(titles(await repository.search(list, 'milk '))).to.deep.equal(['Buy milk']);
    expect(await repository.search(list, 'zebra')).to.deep.equal([]);
  });

  it('ignores accents both ways ("cafe" finds "Café", "lodz" finds "Łódź")', async () => {
    const list = freshList();
    await repository.addMany(['Café au lait', 'Crème brûlée', 'Tea', 'Łódź trip', 'Straße'], list);
    expect(titles(await repository.search(list, 'cafe'))).to.deep.equal(['Café au lait']);
    expect(titles(await repository.search(list, 'creme brulee'))).to.deep.equal(['Crème brûlée']);
    expect(titles(await repository.search(list, 'thé'))).to.deep.equal([]);
    expect(titles(await repository.search(list, 'téa'))).to.deep.equal(['Tea']);
    expect(titles(await repository.search(list, 'lodz'))).to.deep.equal(['Łódź trip']);
    expect(titles(await repository.search(list, 'strasse'))).to.deep.equal(['Straße']);
  });

  it('ranks the best match first', async () => {
    const list = freshList();
    await repository.addMany(['milk and a long list of other things to get at the shop today', 'milk milk milk'], list);
    expect(titles(await repository.search(list, 'milk'))).to.deep.equal([
      'milk milk milk',
      'milk and a long list of other things to get at the shop today',
    ]);
  });

  it('takes websearch syntax: every word, "or", -not and "phrases"', async () => {
    const list = freshList();
    await repository.addMany(['buy milk', 'buy bread', 'milk the cow', 'bread and milk'], list);
    expect(titles(await repository.search(list, 'buy milk '))).to.deep.equal(['buy milk']);
    expect(titles(await repository.search(list, 'cow or bre'))).to.have.members([
      'milk the cow',
      'buy bread',
      'bread and milk',
    ]);
    expect(titles(await repository.search(list, 'milk -bread'))).to.have.members(['buy milk', 'milk the cow']);
    expect(titles(await repository.search(list, '"milk the"'))).to.deep.equal(['milk the cow']);
  });

  it('combines with the filter and stays inside its list', async () => {
    const list = freshList();
    const other = freshList();
    const [done] = await repository.addMany(['milk done', 'milk open'], list);
    await repository.add('milk elsewhere', other);
    await repository.setCompleted(done!.id, true);
    expect(titles(await repository.search(list, 'mil', 'active'))).to.deep.equal(['milk open']);
    expect(titles(await repository.search(list, 'mil', 'completed'))).to.deep.equal(['milk done']);
    expect(titles(await repository.search(list, 'mil', 'all'))).to.have.members(['milk done', 'milk open']);
  });

  it('treats any text as words, never as syntax it fails on', async () => {
    const list = freshList();
    await repository.add("it's <b>bold</b> & 100% 'quoted'", list);
    for (const text of [
      "'",
      '\\',
      ':*',
      '!',
      '&|',
      "it'",
      '"',
      '""',
      "'); drop table todos; --",
      '(',
      '<b',
      '-',
      'or',
      '%',
    ]) {
      await repository.search(list, text); // must not throw
    }
    expect(titles(await repository.search(list, 'bol'))).to.deep.equal(["it's <b>bold</b> & 100% 'quoted'"]);
    expect(titles(await repository.search(list, "it'"))).to.deep.equal(["it's <b>bold</b> & 100% 'quoted'"]);
    expect(await repository.getAll(list)).to.have.length(1);
  });

  it('finds a word with a backslash, as typed and as a finished word ("C:\\Users", "foo\\bar")', async () => {
    const list = freshList();
    await repository.addMany(['Back up C:\\Users', 'foo\\bar', 'Unrelated'], list);
    expect(titles(await repository.search(list, 'C:\\Users'))).to.deep.equal(['Back up C:\\Users']);
    expect(titles(await repository.search(list, 'C:\\Us'))).to.deep.equal(['Back up C:\\Users']);
    expect(titles(await repository.search(list, 'foo\\bar'))).to.deep.equal(['foo\\bar']);
    expect(titles(await repository.search(list, 'foo\\bar '))).to.deep.equal(['foo\\bar']);
    expect(titles(await repository.search(list, '\\'))).to.deep.equal([]);
  });

  it('never fails on any text, and finds every todo holding a word typed in full or in part', async () => {
    const list = freshList();
    // Characters that mean something to tsquery, Postgres literals or the websearch syntax, with
    // letters so most words hold a lexeme. No ">": the parser skips "<a>" as an HTML tag, not a word.
    const wordCharacter = fc.constantFrom(
      ...'abcXYZ019éßŁ',
      ...['\\', "'", ':', '*', '&', '|', '!', '(', ')', '<', '_', '%', '$', '-', 'E'],
    );
    const word = fc.string({ unit: wordCharacter, minLength: 1, maxLength: 8 });
    let written = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        async (words, pick, cut, finished) => {
          const title = `${words.join(' ')} #${written++}`;
          const [todo] = await repository.addMany([title], list);
          const typed = words[pick % words.length]!;
          const text = finished ? `${typed} ` : typed.slice(0, 1 + (cut % typed.length));
          const found = await repository.search(list, text);
          // Websearch syntax is an operator, not text: "or", and a "-" after anything but a letter
          // or digit ("-milk", "a<-b" is a and not b). Text without a letter or digit holds no word.
          // A hyphenated word cut short is parsed as other words ("a-0" is a and the number -0,
          // "a-0a" the word a-0a and its parts): Postgres's parser, not the quoting, so left out.
          const holdsWord =
            /[\p{L}\p{N}]/u.test(text) &&
            !/(?:^|[^\p{L}\p{N}])-/u.test(text) &&
            text.trim().toLowerCase() !== 'or' &&
            (finished || !text.includes('-'));
          if (holdsWord)
            expect(
              found.map((t) => t.id),
              `"${text}" in "${title}"`,
            ).to.include(todo!.id);
        },
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: wordCharacter })),
        async (text) => {
          await repository.search(list, text); // resolves: no text is an error
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps a live window of the matches up to date after writes', async () => {
    const list = freshList();
    const [milk] = await repository.addMany(['Buy milk', 'Call mom'], list);
    const windows: TodoWindow[] = [];
    const subscription = await repository.subscribeSearchWindow(
      list,
      'active',
      'mil',
      { offset: 0, limit: 50 },
      (window) => windows.push(window),
    );
    const latest = async (expected: string[]) => {
      const started = Date.now();
      while (JSON.stringify(titles(windows.at(-1)?.todos ?? [])) !== JSON.stringify(expected)) {
        if (Date.now() - started > 15_000)
          throw new Error(
            `expected ${JSON.stringify(expected)}, saw ${JSON.stringify(titles(windows.at(-1)?.todos ?? []))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(windows.at(-1)!.total).to.equal(expected.length);
    };
    try {
      await latest(['Buy milk']);
      const mom = (await repository.getAll(list)).find((todo) => todo.title === 'Call mom')!;
      await repository.rename(mom.id, 'Call mom about milk');
      await latest(['Buy milk', 'Call mom about milk']);
      await repository.setCompleted(milk!.id, true);
      await latest(['Call mom about milk']);
      await repository.add('Mild salsa', list);
      await latest(['Call mom about milk', 'Mild salsa']);
    } finally {
      await subscription.unsubscribe();
    }
  });
});
