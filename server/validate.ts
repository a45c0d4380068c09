import { normalizeTitle, validateList } from '../src/db/validation.ts';
import { POSITION_MAX_LENGTH, SYNC_PROTOCOL, type SyncMutation, type SyncTodoInput } from '../src/sync/protocol.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const MAX_VERSION = Number.MAX_SAFE_INTEGER;
const MIN_DUE = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_DUE = Date.parse('9999-12-31T23:59:59.999Z');

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request the server refuses whole (400): the body is not the protocol's shape. */
export class BadRequest extends Error {
  constructor(readonly code: 'bad-request' | 'protocol' = 'bad-request') {
    super(code);
  }
}

/** A mutation whose id is fine but whose content is not: refused alone, with reason `invalid`. */
export class InvalidMutation extends Error {}

function title(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidMutation('title');
  try {
    return normalizeTitle(value);
  } catch {
    throw new InvalidMutation('title');
  }
}

function list(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidMutation('list');
  try {
    return validateList(value);
  } catch {
    throw new InvalidMutation('list');
  }
}

function uuid(value: unknown): string {
  if (!isUuid(value)) throw new InvalidMutation('id');
  return value.toLowerCase();
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidMutation('boolean');
  return value;
}

function position(value: unknown): string {
  if (typeof value !== 'string' || value.length > POSITION_MAX_LENGTH || !DECIMAL.test(value)) {
    throw new InvalidMutation('position');
  }
  return value;
}

function version(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InvalidMutation('ifVersion');
  return value;
}

function dueAt(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > 40) throw new InvalidMutation('dueAt');
  const time = Date.parse(value);
  // Years 1–9999: what PostgreSQL's timestamptz (from 4713 BC) and JavaScript's Date both hold,
  // and what an ISO date without a sign writes.
  if (!Number.isFinite(time) || time < MIN_DUE || time > MAX_DUE) throw new InvalidMutation('dueAt');
  return new Date(time).toISOString();
}

function todo(value: unknown): SyncTodoInput {
  if (!isRecord(value)) throw new InvalidMutation('todo');
  return {
    id: uuid(value.id),
    list: list(value.list),
    title: title(value.title),
    completed: value.completed === undefined ? false : bool(value.completed),
    position: value.position === undefined || value.position === null ? null : position(value.position),
    dueAt: dueAt(value.dueAt),
  };
}

/**
 * A mutation as the server applies it (titles trimmed, ids lower-case), or `InvalidMutation`.
 * `deleteMax`: most ids one delete may name.
 */
export function parseMutation(value: Record<string, unknown> & { id: string }, deleteMax: number): SyncMutation {
  const id = value.id.toLowerCase();
  switch (value.kind) {
    case 'put':
      return { id, kind: 'put', todo: todo(value.todo), ifVersion: version(value.ifVersion) };
    case 'rename':
      return {
        id,
        kind: 'rename',
        todoId: uuid(value.todoId),
        title: title(value.title),
        ifVersion: version(value.ifVersion),
      };
    case 'setCompleted':
      return {
        id,
        kind: 'setCompleted',
        todoId: uuid(value.todoId),
        completed: bool(value.completed),
        ifVersion: version(value.ifVersion),
      };
    case 'delete': {
      const ids = value.todoIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > deleteMax) throw new InvalidMutation('todoIds');
      return { id, kind: 'delete', todoIds: [...new Set(ids.map(uuid))] };
    }
    case 'move':
      return {
        id,
        kind: 'move',
        todoId: uuid(value.todoId),
        position: position(value.position),
        ifVersion: version(value.ifVersion),
      };
    case 'clearCompleted':
      return { id, kind: 'clearCompleted', list: list(value.list) };
    case 'markAll':
      return { id, kind: 'markAll', list: list(value.list), completed: bool(value.completed) };
    default:
      throw new InvalidMutation('kind');
  }
}

/** The push body's envelope: `{ protocol: 1, mutations: [{ id: <uuid>, … }] }`, else `BadRequest`. */
export function parsePushEnvelope(body: unknown): Array<Record<string, unknown> & { id: string }> {
  if (!isRecord(body)) throw new BadRequest();
  if (body.protocol !== SYNC_PROTOCOL) throw new BadRequest('protocol');
  const mutations = body.mutations;
  if (!Array.isArray(mutations)) throw new BadRequest();
  return mutations.map((mutation: unknown) => {
    if (!isRecord(mutation) || !isUuid(mutation.id)) throw new BadRequest();
    return mutation as Record<string, unknown> & { id: string };
  });
}

/** After every id: a cursor of a version alone stands after all of that version's rows. */
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * A pull's cursor: `<version>` (everything after that version) or `<version>:<id>` (a page ended
 * inside a version: its rows after that id, then later versions). "" or absent: from the start.
 */
export function parseCursor(value: string | null): { version: number; after: string } {
  if (value === null || value === '') return { version: 0, after: LAST_ID };
  const match = /^(\d{1,16})(?::([0-9a-f-]{36}))?$/i.exec(value);
  if (!match?.[1]) throw new BadRequest();
  const version = Number(match[1]);
  if (version > MAX_VERSION) throw new BadRequest();
  const after = match[2];
  if (after !== undefined && !isUuid(after)) throw new BadRequest();
  return { version, after: after?.toLowerCase() ?? LAST_ID };
}
