import { expect, waitUntil } from '@open-wc/testing';
import { DatabaseClient } from '../../src/db/client';
import { TodoRepository } from '../../src/db/repositories/todos';
import { AddOutbox } from '../../src/unsaved/add-outbox';
import { PendingTodos } from '../../src/unsaved/pending-todos';
import { createDatabaseWorker } from '../../src/workers/create-worker';
import { QueryError } from '../../src/errors';
import { failNext, installFailures } from '../db/statement-failures';

const database = `test-pending-todos-${Date.now()}`;
const client = new DatabaseClient({ database, storage: 'memory', createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
let counter = 0;
const freshList = () => `pending-${Date.now()}-${counter++}`;

describe('PendingTodos: what a failed add leaves', () => {
  before(async () => {
    await client.init();
    await installFailures(client);
  });
  after(() => client.close());

  for (const [code, what] of [
    ['53200', 'out of memory'],
    ['58030', 'an I/O error'],
  ] as const) {
    it(`an add the database could not store (${what}, ${code}) stays shown and kept, and a retry saves it`, async () => {
      const list = freshList();
      await failNext(client, list, code);
      const outbox = new AddOutbox(database);
      const pending = new PendingTodos(repository, outbox);
      const error = await pending.add('typed before the failure', list).catch((caught: unknown) => caught);
      expect(error, 'the add failed').to.be.instanceOf(Error);
      const [shown] = pending.of(list, 0);
      expect(shown?.title, 'still shown').to.equal('typed before the failure');
      expect(shown?.failed, 'with why').to.be.instanceOf(Error);
      expect(
        outbox.entries().map((entry) => entry.id),
        'still kept',
      ).to.include(shown!.id);

      await client.query('delete from test_failures where list = $1', [list]);
      const saved = await pending.retry(shown!.id);
      expect(saved?.id).to.equal(shown!.id);
      expect((await repository.getAll(list)).map((todo) => todo.title)).to.deep.equal(['typed before the failure']);
      expect(outbox.entries().map((entry) => entry.id)).to.not.include(shown!.id);
    });
  }

  it('an add Postgres refuses for what it is (a broken constraint, class 23) goes, outbox included', async () => {
    const list = freshList();
    await failNext(client, list, '23514');
    const outbox = new AddOutbox(database);
    const pending = new PendingTodos(repository, outbox);
    const error = await pending.add('refused', list).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(QueryError);
    expect((error as QueryError).code).to.equal('23514');
    await waitUntil(() => pending.of(list, 0).length === 0, 'the refused add goes');
    expect(outbox.entries().filter((entry) => entry.list === list)).to.deep.equal([]);
  });
});
