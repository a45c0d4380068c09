import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SyncMutation, SyncMutationResult, SyncTodo } from '../../sync/protocol';
import type { SerialQueue } from '../leader/serial-queue';

/** What a write from sync must do around it, as every write in the leader does (start-leader.ts). */
export interface LeaderWrites {
  readonly pg: PGlite;
  readonly queue: SerialQueue;
  /** Un-lists the window snapshots before the write (may refuse it). */
  readonly beforeWrite: () => Promise<void>;
  /** Re-runs live queries and counts the write for the vacuum policy. */
  readonly afterWrite: () => void;
}

export interface QueuedMutation {
  readonly seq: number;
  readonly mutation: SyncMutation;
}

/** Set for the writes sync applies: the triggers of migration 0005_sync then record nothing. */
const APPLYING = `select set_config('todo_widget.sync_applying', 'on', true)`;

const UPSERT_COLUMNS = `list = excluded.list, title = excluded.title, completed = excluded.completed,
  position = coalesce(excluded.position, todos.position), due_at = excluded.due_at, updated_at = excluded.updated_at`;

/** The server's state of the pulled todos: the server is the authority (docs/sync.md). */
const APPLY_PULLED = `with c as (
    select * from jsonb_to_recordset($1::jsonb) as c(id uuid, list text, title text, completed boolean,
      position numeric, "dueAt" timestamptz, "createdAt" timestamptz, "updatedAt" timestamptz, deleted boolean)
  ), gone as (delete from todos t using c where c.deleted and t.id = c.id returning t.id)
  insert into todos (id, list, title, completed, position, due_at, created_at, updated_at)
  select id, list, title, completed, position, "dueAt", "createdAt", "updatedAt" from c where not deleted
  on conflict (id) do update set ${UPSERT_COLUMNS}
  where (todos.list, todos.title, todos.completed, todos.position, todos.due_at)
    is distinct from (excluded.list, excluded.title, excluded.completed, excluded.position, excluded.due_at)`;

const PUT = `insert into todos (id, list, title, completed, position, due_at)
  values ($1, $2, $3, $4, $5::numeric, $6::timestamptz)
  on conflict (id) do update set list = excluded.list, title = excluded.title, completed = excluded.completed,
    position = coalesce(excluded.position, todos.position), due_at = excluded.due_at`;

/** Applies one of this device's own mutations again, over the server's state (the local rebase). */
async function replay(tx: Transaction, mutation: SyncMutation): Promise<void> {
  switch (mutation.kind) {
    case 'put': {
      const { id, list, title, completed = false, position = null, dueAt = null } = mutation.todo;
      await tx.query(PUT, [id, list, title, completed, position, dueAt]);
      return;
    }
    case 'rename':
      await tx.query('update todos set title = $2 where id = $1', [mutation.todoId, mutation.title]);
      return;
    case 'setCompleted':
      await tx.query('update todos set completed = $2 where id = $1', [mutation.todoId, mutation.completed]);
      return;
    case 'move':
      await tx.query('update todos set position = $2::numeric where id = $1', [mutation.todoId, mutation.position]);
      return;
    case 'delete':
      await tx.query('delete from todos where id = any($1::uuid[])', [mutation.todoIds]);
      return;
    case 'clearCompleted':
      await tx.query('delete from todos where list = $1 and completed', [mutation.list]);
      return;
    case 'markAll':
      await tx.query('update todos set completed = $2 where list = $1', [mutation.list, mutation.completed]);
  }
}

/** The todos a mutation names, to find what must be re-applied over pulled rows. */
function todoIdsOf(mutation: SyncMutation): string[] {
  if (mutation.kind === 'put') return [mutation.todo.id];
  if (mutation.kind === 'delete') return mutation.todoIds;
  return 'todoId' in mutation ? [mutation.todoId] : [];
}

/**
 * Sync's durable state in the local database (tables `sync_state`, `sync_queue`): every read and
 * write runs in the leader's queue, so none interleaves with a tab's statement or transaction.
 */
export class SyncStore {
  constructor(private readonly leader: LeaderWrites) {}

  async #write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const { pg, queue, beforeWrite, afterWrite } = this.leader;
    try {
      return await queue.run(async () => {
        await beforeWrite();
        const result = await pg.transaction(work);
        await pg.syncToFs();
        return result;
      });
    } finally {
      afterWrite();
    }
  }

  /**
   * Turns sync on for `url` and returns the cursor. The first time (or for another server), every
   * todo already here is queued as a `put`, in the same transaction that turns recording on: local
   * todos are uploaded once, and two devices that had todos end with the union (ids are UUIDs).
   */
  enable(url: string): Promise<string> {
    return this.#write(async (tx) => {
      const { rows } = await tx.query<{ url: string; cursor: string }>(
        'select url, cursor from sync_state where id = 1',
      );
      const current = rows[0];
      if (current?.url === url) return current.cursor;
      await tx.query(
        `insert into sync_state (id, url, cursor) values (1, $1, '')
         on conflict (id) do update set url = excluded.url, cursor = ''`,
        [url],
      );
      await tx.query(`insert into sync_queue (mutation)
        select jsonb_build_object('id', gen_random_uuid(), 'kind', 'put', 'todo', todo_sync_put(t)) from todos t order by t.id`);
      return '';
    });
  }

  /** The oldest unacknowledged mutations, in the order they were made. */
  async next(limit: number): Promise<QueuedMutation[]> {
    const { rows } = await this.leader.queue.run(() =>
      this.leader.pg.query<{ seq: string | number; mutation: SyncMutation }>(
        'select seq, mutation from sync_queue order by seq limit $1',
        [limit],
      ),
    );
    return rows.map((row) => ({ seq: Number(row.seq), mutation: row.mutation }));
  }

  async pending(): Promise<number> {
    const { rows } = await this.leader.queue.run(() =>
      this.leader.pg.query<{ n: number }>('select count(*)::int as n from sync_queue'),
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * The server answered every mutation up to `through`: they leave the queue. A refused one is
   * taken back locally where the server's answer says the todo is not there (`not-found`, or a
   * refused `put`), so no ghost row stays; its todos are in the next pulls otherwise.
   */
  acknowledge(
    through: number,
    refused: readonly SyncMutation[],
    results: readonly SyncMutationResult[],
  ): Promise<void> {
    const reasons = new Map(results.map((result) => [result.id, result.reason]));
    return this.#write(async (tx) => {
      await tx.query(APPLYING);
      await tx.query('delete from sync_queue where seq <= $1', [through]);
      for (const mutation of refused) {
        if (mutation.kind === 'put' || reasons.get(mutation.id) === 'not-found') {
          await tx.query('delete from todos where id = any($1::uuid[])', [todoIdsOf(mutation)]);
        }
      }
    });
  }

  /**
   * Applies one pulled page and moves the cursor past it, in one transaction: the server's state
   * of each todo, then this device's queued mutations of those todos again on top, in order.
   */
  applyPage(changes: readonly SyncTodo[], cursor: string): Promise<void> {
    return this.#write(async (tx) => {
      await tx.query(APPLYING);
      if (changes.length > 0) {
        await tx.query(APPLY_PULLED, [JSON.stringify(changes)]);
        const ids = changes.map((change) => change.id);
        const { rows } = await tx.query<{ mutation: SyncMutation }>(
          `select mutation from sync_queue where mutation->>'todoId' = any($1::text[])
             or mutation->'todo'->>'id' = any($1::text[]) or (mutation->'todoIds') ?| $1::text[] order by seq`,
          [ids],
        );
        for (const { mutation } of rows) await replay(tx, mutation);
      }
      await tx.query('update sync_state set cursor = $1 where id = 1', [cursor]);
    });
  }

  /** Forgets the cursor (the server's database was replaced): the next pull starts over. */
  resetCursor(): Promise<void> {
    return this.#write(async (tx) => void (await tx.query(`update sync_state set cursor = '' where id = 1`)));
  }
}
