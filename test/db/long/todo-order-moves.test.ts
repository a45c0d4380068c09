import { expect } from '@open-wc/testing';
import { DatabaseClient } from '../../../src/db/client';
import { TodoRepository } from '../../../src/db/repositories/todos';
import type { Todo } from '../../../src/db/schema';
import { createDatabaseWorker } from '../../../src/workers/create-worker';

// Long (npm run test:long): 5,000 moves through the real worker. The rest of manual order is
// tested in test/db/todo-order.test.ts.
const client = new DatabaseClient({ database: `test-order-long-${Date.now()}`, createWorker: createDatabaseWorker });
const repository = new TodoRepository(client);
const titles = (todos: readonly Todo[]) => todos.map((todo) => todo.title);

/** The positions of `list` as stored, by title. */
const positions = async (list: string) =>
  Object.fromEntries(
    (
      await client.query<Record<string, string>>(
        'select title, position::text from todos where list = $1 order by id',
        [list],
      )
    ).map((row) => [row['title']!, row['position']!]),
  );
const longest = (keys: Record<string, string>) => Math.max(...Object.values(keys).map((key) => key.length));

async function listOf(...names: string[]): Promise<{ list: string; ids: Record<string, string> }> {
  const list = `order-long-${Date.now()}`;
  const added = await repository.addMany(names, list);
  return { list, ids: Object.fromEntries(added.map((todo) => [todo.title, todo.id])) };
}

describe('manual order, at length', function () {
  // 5,000 round trips to the worker: minutes on a loaded machine.
  this.timeout(900_000);
  after(() => client.close());

  describe('position keys', () => {
    it('stay at most 32 characters through 5,000 moves of two todos leapfrogging under a fixed first row, the order right after each', async () => {
      const { list, ids } = await listOf('top', 'x', 'y', 'bottom');
      let order = ['top', 'x', 'y', 'bottom'];
      for (let i = 0; i < 5000; i++) {
        // The lower of x and y goes between top and the other: into a gap an earlier move bounded.
        const [lower, upper] = order.indexOf('x') > order.indexOf('y') ? ['x', 'y'] : ['y', 'x'];
        const moved = await repository.move(ids[lower]!, { after: ids['top']!, before: ids[upper]! });
        order = ['top', lower, upper, 'bottom'];
        expect(String(moved?.position).length, `move ${i}: ${String(moved?.position)}`).to.be.at.most(32);
        if (i % 500 === 0 || i === 4999) {
          expect(titles(await repository.getAll(list)), `order after move ${i}`).to.deep.equal(order);
          expect(longest(await positions(list)), `keys after move ${i}`).to.be.at.most(32);
        }
      }
    });
  });
});
