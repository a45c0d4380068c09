import { fileURLToPath } from 'node:url';

import {
  SYNC_PATHS,
  SYNC_PROTOCOL,
  type PullResponse,
  type PushResponse,
  type SyncErrorCode,
  type SyncMutation,
  type SyncMutationResult,
  type SyncTodo,
} from '../src/sync/protocol.ts';
import type { SyncDatabase, SyncQueryable } from './database.ts';
import { RateLimiter } from './rate-limit.ts';
import { USER_ID_MAX_LENGTH } from './schema.ts';
import { BadRequest, InvalidMutation, parseCursor, parseMutation, parsePushEnvelope } from './validate.ts';

/** The channel every instance LISTENs on; a push NOTIFYs `{"u": user, "v": version}` at commit. */
export const NOTIFY_CHANNEL = 'todo_sync_changes';

export interface SyncHandlerOptions {
  /** Where the server keeps its tables (`postgresDatabase(...)` or `pgliteDatabase(...)`). */
  database: SyncDatabase;
  /**
   * The host's sign-in check: the id of the user the request is from, or null/undefined to refuse
   * it (401). Called for every request; the only source of the user id (see `bearerToken`).
   */
  authenticate: (request: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** Origins a browser may call from (CORS); `'*'` for any. Default: none (only requests without `Origin`). */
  allowedOrigins?: readonly string[] | '*';
  /** Largest request body in bytes (413 `too-large`). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most mutations in one push (413 `too-many-mutations`). Default 500. */
  maxMutations?: number;
  /** Most todo ids one `delete` may name. Default 1,000. */
  maxDeleteIds?: number;
  /** Requests per user per minute on this instance (429 `rate-limited`). Default 600. */
  requestsPerMinute?: number;
  /** Open live connections per user on this instance (429). Default 20. */
  maxLiveConnections?: number;
  /** Most changes in one pull page. Default 1,000. */
  pullLimit?: number;
  /** A comment line on each live connection this often, so proxies keep it open. Default 20 s. */
  heartbeatMs?: number;
  /** Apply the server's migrations at start. Default true. */
  migrate?: boolean;
  /** Told about each failure answered with 500 (never sent to the client) and lost LISTEN connections. */
  onError?: (error: unknown) => void;
}

/** A `fetch`-style handler: mount it in Node's http (see `toNodeListener`), Express, Fastify or Hono. */
export interface SyncHandler {
  (request: Request): Promise<Response>;
  /** Stops listening and ends the live connections (the database stays open: it is the caller's). */
  close(): Promise<void>;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer[ ]+([\x21-\x7e]{1,4096})\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode,
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }
}

const TEXT = new TextEncoder();
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const TODO_COLUMNS = `id::text AS id, list, title, completed, position::text AS position,
  to_char(due_at AT TIME ZONE 'UTC', ${ISO}) AS "dueAt",
  to_char(created_at AT TIME ZONE 'UTC', ${ISO}) AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', ${ISO}) AS "updatedAt",
  version::text AS version, deleted`;

type TodoRow = Omit<SyncTodo, 'version'> & { version: string };

/**
 * The sync server as a Web `Request` → `Response` function. Resolves once its tables are migrated
 * and it listens for other instances' changes.
 */
export async function createSyncHandler(options: SyncHandlerOptions): Promise<SyncHandler> {
  const db = options.database;
  const report = options.onError ?? (() => {});
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxMutations = options.maxMutations ?? 500;
  const maxDeleteIds = options.maxDeleteIds ?? 1000;
  const pullLimit = options.pullLimit ?? 1000;
  const maxLive = options.maxLiveConnections ?? 20;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const origins = options.allowedOrigins ?? [];
  const limiter = new RateLimiter(options.requestsPerMinute ?? 600);

  if (options.migrate !== false) {
    await db.migrate(fileURLToPath(new URL('./migrations', import.meta.url)));
  }

  /** Live connections on this instance, by user. */
  const live = new Map<string, Set<(version: number) => void>>();
  const tell = (user: string, version: number) => {
    for (const send of live.get(user) ?? []) send(version);
  };
  const stopListening = await db.listen(
    NOTIFY_CHANNEL,
    (payload) => {
      try {
        const message = JSON.parse(payload) as { u?: unknown; v?: unknown };
        if (typeof message.u === 'string' && typeof message.v === 'number') tell(message.u, message.v);
      } catch {}
    },
    () => {
      // Notifications may have been missed while the connection was down: tell everyone the current version.
      for (const user of live.keys()) {
        userVersion(db, user).then(
          (version) => tell(user, version),
          (error: unknown) => report(error),
        );
      }
    },
  );
  const closers = new Set<() => void>();

  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    if (origin === null) return {};
    if (origins !== '*' && !origins.includes(origin)) throw new HttpError(403, 'forbidden-origin');
    return {
      'access-control-allow-origin': origins === '*' ? '*' : origin,
      'access-control-expose-headers': 'retry-after',
      vary: 'Origin',
    };
  }

  async function user(request: Request): Promise<string> {
    const id = await options.authenticate(request);
    if (id === null || id === undefined) throw new HttpError(401, 'unauthorized', { 'www-authenticate': 'Bearer' });
    if (typeof id !== 'string' || id.length === 0 || id.length > USER_ID_MAX_LENGTH) {
      throw new Error(
        `authenticate returned an invalid user id (a string of 1–${USER_ID_MAX_LENGTH} characters expected)`,
      );
    }
    const wait = limiter.take(id);
    if (wait > 0) throw new HttpError(429, 'rate-limited', { 'retry-after': String(Math.ceil(wait / 1000)) });
    return id;
  }

  async function push(request: Request, userId: string): Promise<PushResponse> {
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(415, 'unsupported-media-type');
    const text = await readBody(request, maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadRequest();
    }
    const envelope = parsePushEnvelope(body);
    if (envelope.length > maxMutations) throw new HttpError(413, 'too-many-mutations');
    const results: SyncMutationResult[] = [];
    let version = await userVersion(db, userId);
    for (const raw of envelope) {
      const result = await applyOne(db, userId, raw, maxDeleteIds);
      results.push(result);
      version = Math.max(version, result.version);
    }
    return { protocol: SYNC_PROTOCOL, results, version };
  }

  async function pull(url: URL, userId: string): Promise<PullResponse> {
    const cursor = parseCursor(url.searchParams.get('cursor'));
    const limitText = url.searchParams.get('limit');
    let limit = pullLimit;
    if (limitText !== null) {
      if (!/^\d{1,7}$/.test(limitText) || Number(limitText) < 1) throw new BadRequest();
      limit = Math.min(Number(limitText), pullLimit);
    }
    return db.transaction(async (tx) => {
      // One snapshot for the rows and the user's version.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const head = await userVersion(tx, userId);
      if (cursor.version > head) throw new HttpError(409, 'cursor-ahead');
      const rows = await tx.query<TodoRow>(
        `SELECT ${TODO_COLUMNS} FROM todo_sync.todos
          WHERE user_id = $1 AND (version, id) > ($2::int8, $3::uuid)
          ORDER BY version, id LIMIT $4`,
        [userId, cursor.version, cursor.after, limit + 1],
      );
      const more = rows.length > limit;
      const page = rows.slice(0, limit).map((row) => ({ ...row, version: Number(row.version) }));
      const last = page[page.length - 1];
      const next = more && last ? `${last.version}:${last.id}` : String(head);
      return { protocol: SYNC_PROTOCOL, changes: page, cursor: next, more };
    });
  }

  function openLive(request: Request, userId: string, cors: Record<string, string>): Response {
    const sends = live.get(userId) ?? new Set<(version: number) => void>();
    if (sends.size >= maxLive) throw new HttpError(429, 'rate-limited', { 'retry-after': '10' });
    live.set(userId, sends);
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const write = (text: string) => {
          try {
            controller.enqueue(TEXT.encode(text));
          } catch {
            cleanup();
          }
        };
        const send = (version: number) => write(`event: version\ndata: ${JSON.stringify({ version })}\n\n`);
        const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
        sends.add(send);
        cleanup = () => {
          clearInterval(heartbeat);
          sends.delete(send);
          if (sends.size === 0 && live.get(userId) === sends) live.delete(userId);
          closers.delete(close);
          request.signal.removeEventListener('abort', cleanup);
        };
        const close = () => {
          cleanup();
          try {
            controller.close();
          } catch {}
        };
        closers.add(close);
        request.signal.addEventListener('abort', cleanup);
        // Retry hint for EventSource-style clients, then the version now.
        write('retry: 2000\n\n');
        userVersion(db, userId).then(send, (error: unknown) => {
          report(error);
          close();
        });
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      status: 200,
      headers: {
        ...cors,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    });
  }

  async function handle(request: Request): Promise<Response> {
    let cors: Record<string, string> = {};
    try {
      cors = corsHeaders(request);
      const url = new URL(request.url);
      const route = Object.entries(SYNC_PATHS).find(([, path]) => url.pathname.endsWith(path))?.[0];
      if (request.method === 'OPTIONS') {
        return new Response(null, {
          status: 204,
          headers: {
            ...cors,
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-max-age': '600',
          },
        });
      }
      if (!route) throw new HttpError(404, 'not-found');
      const expected = route === 'push' ? 'POST' : 'GET';
      if (request.method !== expected) throw new HttpError(405, 'method-not-allowed', { allow: expected });
      const userId = await user(request);
      if (route === 'live') return openLive(request, userId, cors);
      const body = route === 'push' ? await push(request, userId) : await pull(url, userId);
      return json(200, body, cors);
    } catch (error) {
      if (error instanceof HttpError) return json(error.status, { error: error.code }, { ...cors, ...error.headers });
      if (error instanceof BadRequest) return json(400, { error: error.code }, cors);
      report(error);
      return json(500, { error: 'internal' }, cors);
    }
  }

  return Object.assign(handle, {
    async close() {
      for (const close of [...closers]) close();
      await stopListening();
    },
  });
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

async function readBody(request: Request, max: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw new HttpError(413, 'too-large');
  if (!request.body) return '';
  // Node's typings give the body's chunks as `any`; a Request body streams bytes.
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, 'too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequest();
  }
}

async function userVersion(db: SyncQueryable, userId: string): Promise<number> {
  const rows = await db.query<{ version: string }>(
    'SELECT version::text AS version FROM todo_sync.users WHERE user_id = $1',
    [userId],
  );
  return Number(rows[0]?.version ?? 0);
}

/** A mutation the device may send again: the stored result of its first application. */
type Stored = { status: 'applied' | 'rejected'; reason?: SyncMutationResult['reason'] };

/** Applies one mutation in its own transaction, at most once per (user, mutation id). */
async function applyOne(
  db: SyncDatabase,
  userId: string,
  raw: Record<string, unknown> & { id: string },
  maxDeleteIds: number,
): Promise<SyncMutationResult> {
  const mutationId = raw.id.toLowerCase();
  return db.transaction(async (tx) => {
    // Locks the user's row: this user's mutations apply one at a time, in version order.
    const [locked] = await tx.query<{ version: string }>(
      `INSERT INTO todo_sync.users AS u (user_id) VALUES ($1)
        ON CONFLICT (user_id) DO UPDATE SET version = u.version RETURNING version::text AS version`,
      [userId],
    );
    const current = Number(locked?.version ?? 0);
    const [seen] = await tx.query<{ result: Stored; version: string }>(
      'SELECT result, version::text AS version FROM todo_sync.mutations WHERE user_id = $1 AND mutation_id = $2',
      [userId, mutationId],
    );
    if (seen) return { id: mutationId, ...seen.result, version: Number(seen.version) };

    let outcome: Stored;
    const next = current + 1;
    let changed = 0;
    try {
      const mutation = parseMutation(raw, maxDeleteIds);
      const applied = await apply(tx, userId, mutation, next);
      changed = applied.changed;
      outcome = applied.reason ? { status: 'rejected', reason: applied.reason } : { status: 'applied' };
    } catch (error) {
      if (!(error instanceof InvalidMutation)) throw error;
      outcome = { status: 'rejected', reason: 'invalid' };
    }
    const version = changed > 0 ? next : current;
    // One statement: record the result; when something changed, raise the user's version and
    // NOTIFY (delivered at COMMIT). Data-modifying WITH parts always run; the NOTIFY runs once per
    // row of `raised`, so only when the version was raised.
    await tx.query(
      `WITH recorded AS (
         INSERT INTO todo_sync.mutations (user_id, mutation_id, version, result) VALUES ($1, $2, $3, $4::jsonb)
       ), raised AS (
         UPDATE todo_sync.users SET version = $3 WHERE user_id = $1 AND $5::boolean RETURNING 1
       )
       SELECT pg_notify($6, $7) FROM raised`,
      [
        userId,
        mutationId,
        version,
        JSON.stringify(outcome),
        changed > 0,
        NOTIFY_CHANNEL,
        JSON.stringify({ u: userId, v: next }),
      ],
    );
    return { id: mutationId, ...outcome, version };
  });
}

type Applied = { changed: number; reason?: SyncMutationResult['reason'] };

async function count(tx: SyncQueryable, sql: string, params: readonly unknown[]): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH c AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM c`,
    params,
  );
  return row?.n ?? 0;
}

/** Why a conditional or single-todo change touched no row: the todo is gone, or changed since. */
async function missed(tx: SyncQueryable, userId: string, todoId: string): Promise<Applied> {
  const rows = await tx.query('SELECT 1 FROM todo_sync.todos WHERE user_id = $1 AND id = $2 AND NOT deleted', [
    userId,
    todoId,
  ]);
  return { changed: 0, reason: rows.length === 0 ? 'not-found' : 'changed-elsewhere' };
}

async function apply(tx: SyncQueryable, userId: string, m: SyncMutation, v: number): Promise<Applied> {
  switch (m.kind) {
    case 'put': {
      const t = m.todo;
      const changed = await count(
        tx,
        `INSERT INTO todo_sync.todos AS t (user_id, id, list, title, completed, position, due_at, version)
          VALUES ($1, $2, $3, $4, $5,
            coalesce($6::numeric, (SELECT coalesce(max(p.position), 0) + 1 FROM todo_sync.todos AS p
              WHERE p.user_id = $1 AND p.list = $3 AND NOT p.deleted)),
            $7::timestamptz, $8)
          ON CONFLICT (user_id, id) DO UPDATE SET
            list = excluded.list, title = excluded.title, completed = excluded.completed,
            position = CASE WHEN $6::numeric IS NOT NULL OR t.deleted OR t.list <> excluded.list
              THEN excluded.position ELSE t.position END,
            due_at = excluded.due_at, updated_at = now(), version = excluded.version, deleted = false
          WHERE $9::int8 IS NULL OR t.version = $9::int8`,
        [
          userId,
          t.id,
          t.list,
          t.title,
          t.completed ?? false,
          t.position ?? null,
          t.dueAt ?? null,
          v,
          m.ifVersion ?? null,
        ],
      );
      return changed > 0 ? { changed } : { changed, reason: 'changed-elsewhere' };
    }
    case 'rename':
    case 'setCompleted':
    case 'move': {
      const [column, value] =
        m.kind === 'rename'
          ? ['title', m.title]
          : m.kind === 'setCompleted'
            ? ['completed', m.completed]
            : ['position', m.position];
      const cast = m.kind === 'move' ? '::numeric' : '';
      const changed = await count(
        tx,
        `UPDATE todo_sync.todos SET ${column} = $3${cast}, updated_at = now(), version = $4
          WHERE user_id = $1 AND id = $2 AND NOT deleted AND ($5::int8 IS NULL OR version = $5::int8)`,
        [userId, m.todoId, value, v, m.ifVersion ?? null],
      );
      return changed > 0 ? { changed } : missed(tx, userId, m.todoId);
    }
    case 'delete':
      return {
        changed: await count(
          tx,
          `UPDATE todo_sync.todos SET deleted = true, updated_at = now(), version = $3
            WHERE user_id = $1 AND id = ANY($2::uuid[]) AND NOT deleted`,
          [userId, m.todoIds, v],
        ),
      };
    case 'clearCompleted':
      return {
        changed: await count(
          tx,
          `UPDATE todo_sync.todos SET deleted = true, updated_at = now(), version = $3
            WHERE user_id = $1 AND list = $2 AND completed AND NOT deleted`,
          [userId, m.list, v],
        ),
      };
    case 'markAll':
      return {
        changed: await count(
          tx,
          `UPDATE todo_sync.todos SET completed = $3, updated_at = now(), version = $4
            WHERE user_id = $1 AND list = $2 AND NOT deleted AND completed <> $3`,
          [userId, m.list, m.completed, v],
        ),
      };
  }
}
