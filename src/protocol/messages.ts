import { type SerializedError } from './serialized-error';
import type { DatabaseInfo, WorkerStartOptions } from '../db/storage';
import { LEADER_METHODS, type LeaderArgs, type LeaderMethod, type LiveDelivery } from './leader-api';
import { isSerializedError } from './serialized-error';

/**
 * Every message of the widget's own protocol. Version 1; a message of another version or
 * shape is dropped with a warning (see {@link dropMalformed}), never thrown: anything on the
 * page's origin can post on these channels.
 */
export const PROTOCOL_VERSION = 1;

// ---- tab → leader (requests channel) ----

/** One operation: the leader runs it and answers on the tab's channel with the same `id`. */
export interface CallMessage<M extends LeaderMethod = LeaderMethod> {
  readonly v: 1;
  readonly kind: 'call';
  readonly id: string;
  readonly tab: string;
  /** The leadership term the tab sent this to: another leader ignores it (the tab retries or reports it). */
  readonly leader: string;
  /** Epoch milliseconds after which the leader must not start it (it answers "timed out" instead). */
  readonly deadline: number;
  readonly method: M;
  readonly args: LeaderArgs<M>;
}

/** A tab that just connected asks who leads; the leader answers with its state on the tab's channel. */
export interface WhoLeadsMessage {
  readonly v: 1;
  readonly kind: 'who-leads';
  readonly tab: string;
}

export type ToLeaderMessage = CallMessage | WhoLeadsMessage;

// ---- leader → tab (tab channel) ----

export type ReplyMessage =
  | {
      readonly v: 1;
      readonly kind: 'reply';
      readonly id: string;
      readonly leader: string;
      readonly ok: true;
      readonly value: unknown;
    }
  | {
      readonly v: 1;
      readonly kind: 'reply';
      readonly id: string;
      readonly leader: string;
      readonly ok: false;
      readonly error: SerializedError;
    };

export interface LiveMessage {
  readonly v: 1;
  readonly kind: 'live';
  readonly leader: string;
  readonly sub: string;
  readonly delivery: LiveDelivery;
}

// ---- leader → every tab (announcements; also sent to one tab in answer to who-leads) ----

/**
 * What the holder of the election lock is doing. `electing`: it just got the lock (the previous
 * leader is gone) and is opening the database. `failed`: it could not, and is letting go.
 */
export type LeaderStateMessage =
  | { readonly v: 1; readonly kind: 'leader'; readonly leader: string; readonly state: 'electing' }
  | {
      readonly v: 1;
      readonly kind: 'leader';
      readonly leader: string;
      readonly state: 'ready';
      readonly info: DatabaseInfo;
    }
  | {
      readonly v: 1;
      readonly kind: 'leader';
      readonly leader: string;
      readonly state: 'failed';
      readonly error: SerializedError;
    };

/** A tab upgraded the schema through the leader: every tab checks whether it still knows it. */
export interface SchemaChangedMessage {
  readonly v: 1;
  readonly kind: 'schema-changed';
}

export type ToTabMessage = ReplyMessage | LiveMessage | LeaderStateMessage | SchemaChangedMessage;

/**
 * While a leader carries a database of the previous engine over (workers/carry-over/), on a
 * channel of its own (carryOverChannel) so that tabs of earlier releases never see it: how far
 * it is. `fraction` is 0–1; `switched`: the new database is the database now.
 */
export interface CarryOverMessage {
  readonly v: 1;
  readonly kind: 'carry-over';
  readonly step: 'reading' | 'copying' | 'verifying' | 'switching' | 'switched';
  readonly fraction: number;
}

/** The channel of CarryOverMessage for an election (ElectionNames). */
export const carryOverChannel = (names: { readonly announcements: string }) => `${names.announcements}:carry-over`;

// ---- page ↔ its own worker (postMessage) ----

export interface StartWorkerMessage {
  readonly v: 1;
  readonly kind: 'start';
  readonly tab: string;
  readonly election: string;
  readonly options: WorkerStartOptions;
  /** No Web Locks here (site data blocked): lead at once, alone. */
  readonly solo: boolean;
}

export type FromWorkerMessage =
  | { readonly v: 1; readonly kind: 'leading'; readonly leader: string }
  | { readonly v: 1; readonly kind: 'failed'; readonly error: SerializedError };

// ---- validation ----

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length < 200;

function envelope(data: unknown): Fields | undefined {
  return isObject(data) && data['v'] === PROTOCOL_VERSION && typeof data['kind'] === 'string' ? data : undefined;
}

export function parseToLeader(data: unknown): ToLeaderMessage | undefined {
  const message = envelope(data);
  if (!message || !isString(message['tab'])) return undefined;
  if (message['kind'] === 'who-leads') return message as unknown as WhoLeadsMessage;
  if (message['kind'] !== 'call') return undefined;
  const method = message['method'];
  const valid =
    isString(message['id']) &&
    isString(message['leader']) &&
    typeof message['deadline'] === 'number' &&
    typeof method === 'string' &&
    (LEADER_METHODS as readonly string[]).includes(method) &&
    isObject(message['args']);
  return valid ? (message as unknown as CallMessage) : undefined;
}

export function parseToTab(data: unknown): ToTabMessage | undefined {
  const message = envelope(data);
  if (!message) return undefined;
  switch (message['kind']) {
    case 'reply':
      if (!isString(message['id']) || !isString(message['leader'])) return undefined;
      if (message['ok'] === true) return 'value' in message ? (message as unknown as ReplyMessage) : undefined;
      return message['ok'] === false && isSerializedError(message['error'])
        ? (message as unknown as ReplyMessage)
        : undefined;
    case 'live': {
      const delivery = message['delivery'];
      const ok =
        isString(message['leader']) &&
        isString(message['sub']) &&
        isObject(delivery) &&
        ((delivery['type'] === 'rows' && Array.isArray(delivery['rows'])) ||
          (delivery['type'] === 'changes' && Array.isArray(delivery['changes'])));
      return ok ? (message as unknown as LiveMessage) : undefined;
    }
    case 'leader': {
      if (!isString(message['leader'])) return undefined;
      const state = message['state'];
      if (state === 'electing') return message as unknown as LeaderStateMessage;
      if (state === 'ready' && isObject(message['info']) && typeof message['info']['storage'] === 'string')
        return message as unknown as LeaderStateMessage;
      if (state === 'failed' && isSerializedError(message['error'])) return message as unknown as LeaderStateMessage;
      return undefined;
    }
    case 'schema-changed':
      return message as unknown as SchemaChangedMessage;
    default:
      return undefined;
  }
}

export function parseStartWorker(data: unknown): StartWorkerMessage | undefined {
  const message = envelope(data);
  const ok =
    message?.['kind'] === 'start' &&
    isString(message['tab']) &&
    isString(message['election']) &&
    isObject(message['options']);
  return ok ? (message as unknown as StartWorkerMessage) : undefined;
}

export function parseFromWorker(data: unknown): FromWorkerMessage | undefined {
  const message = envelope(data);
  if (message?.['kind'] === 'leading' && isString(message['leader'])) return message as unknown as FromWorkerMessage;
  if (message?.['kind'] === 'failed' && isSerializedError(message['error']))
    return message as unknown as FromWorkerMessage;
  return undefined;
}

const warned = new Set<string>();

/** Anything on our channels that is not our protocol: said once per channel and kind (no flood), and otherwise ignored. */
export function dropMalformed(where: string, data: unknown): void {
  const kind = isObject(data) && typeof data['kind'] === 'string' ? data['kind'].slice(0, 40) : typeof data;
  const key = `${where} ${kind}`;
  if (warned.has(key) || warned.size > 100) return;
  warned.add(key);
  console.warn(`todo-widget: ignored a malformed message on ${where} (${kind})`);
}
