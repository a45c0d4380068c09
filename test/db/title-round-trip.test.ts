import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import { codePointLength } from '../../src/db/validation';
import { TITLE_MAX_LENGTH } from '../../src/db/limits';
import { ValidationError } from '../../src/errors';
import { createDatabaseWorker } from '../../src/workers/create-worker';

// Random strings through add and rename: each is stored and read back verbatim (after the
// documented trim), or refused with a ValidationError and nothing written.
const client = new DatabaseClient({ database: `test-round-trip-${Date.now()}`, createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);

/** What the repository promises to store for `title`, or undefined when it must refuse it. */
function expectedTitle(title: string): string | undefined {
  const trimmed = title.trim();
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  if (trimmed === '' || codePointLength(trimmed) > TITLE_MAX_LENGTH) return undefined;
  // NUL and unpaired surrogates cannot be stored verbatim in UTF-8 text: refused.
  if (trimmed.includes('\u0000') || loneSurrogate.test(trimmed)) return undefined;
  return trimmed;
}

const titles = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '<',
      '>',
      "'",
      '"',
      ';',
      '-',
      '$',
      '{',
      '}',
      '\\',
      '\u0000',
      '\u202E',
      '\u0301',
      '👩‍👩‍👧',
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    "'); DROP TABLE todos; --",
    '<img src=x onerror=alert(1)>',
    '${x}',
    '{{x}}',
    'x'.repeat(1000),
    'x'.repeat(1001),
  ),
);

describe('titles round-trip (property-based)', () => {
  before(() => client.init());
  after(() => client.close());

  it('add stores every acceptable title verbatim and refuses the rest, writing nothing', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(titles, async (title) => {
        const list = `prop-add-${run++}`;
        const expected = expectedTitle(title);
        const result = await repository.add(title, list).then(
          (todo) => todo,
          (error: unknown) => error,
        );
        const stored = (await repository.getAll(list)).map((todo) => todo.title);
        if (expected === undefined) {
          expect(result).to.be.instanceOf(ValidationError);
          expect(stored).to.deep.equal([]);
        } else {
          expect(stored).to.deep.equal([expected]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rename keeps the old title when the new one is refused', async () => {
    const todo = await repository.add('original', 'prop-rename');
    let current = 'original';
    await fc.assert(
      fc.asyncProperty(titles, async (title) => {
        const expected = expectedTitle(title);
        await repository
          .rename(todo.id, title)
          .catch((error: unknown) => expect(error).to.be.instanceOf(ValidationError));
        if (expected !== undefined) current = expected;
        expect((await repository.get(todo.id))?.title).to.equal(current);
      }),
      { numRuns: 40 },
    );
  });
});
