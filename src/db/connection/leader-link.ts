import { randomId } from '../../protocol/channels';
import type { LeaderArgs, LeaderMethod, LeaderResult, LiveDelivery } from '../../protocol/leader-api';
import { PROTOCOL_VERSION, type ToTabMessage } from '../../protocol/messages';
import type { WireError } from '../../protocol/wire-error';
import {
  DatabaseTimeoutError,
  deserializeError,
  LeaderChangedError,
  OutcomeUnknownError,
  queryErrorFrom,
  type TodoError,
} from '../../errors';
import type { DatabaseInfo } from '../storage';
import type { Transport } from './transport';

/** Where this tab stands with the leader. */
export type LinkState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'electing'; readonly leader: string }
  | { readonly kind: 'ready'; readonly leader: string; readonly info: DatabaseInfo }
  | { readonly kind: 'failed'; readonly error: TodoError };

/** How long past its deadline a call's answer is still awaited: a statement started just before it may still be running. */
export const ANSWER_GRACE_MS = 2_000;

export interface SendOptions {
  /** Only to this leader term (a transaction's statements); fails at once if another leads. */
  readonly pin?: string;
  /** Told the term the call goes to, just before it is sent (live results may come before the answer). */
  readonly onSend?: (leader: string) => void;
}

interface InFlight {
  readonly leader: string;
  readonly method: string;
  readonly waitMs: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: TodoError) => void;
}

interface Waiter {
  readonly ready: () => void;
  readonly failed: (error: TodoError) => void;
}

/**
 * One tab's line to whichever tab leads: knows the leader's term and state, sends each call
 * to that term with its deadline, and settles it by what is known of its fate:
 * - answered: its result or its typed error;
 * - never sent (no ready leader before the deadline): `DatabaseTimeoutError`, not applied;
 * - refused by the leader past its deadline: `DatabaseTimeoutError`, not applied;
 * - sent, and the leader changed or fell silent: `LeaderChangedError`/`OutcomeUnknownError`, may have applied.
 */
export class LeaderLink {
  #state: LinkState = { kind: 'waiting' };
  readonly #inFlight = new Map<string, InFlight>();
  readonly #waiters = new Set<Waiter>();
  readonly #stateListeners = new Set<(state: LinkState) => void>();
  #liveListener?: (sub: string, delivery: LiveDelivery, leader: string) => void;
  #schemaListener?: () => void;

  constructor(
    private readonly transport: Transport,
    readonly tab: string,
  ) {
    transport.onMessage((message) => this.#receive(message));
    transport.toLeader({ v: PROTOCOL_VERSION, kind: 'who-leads', tab });
  }

  get state(): LinkState {
    return this.#state;
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  onLive(listener: (sub: string, delivery: LiveDelivery, leader: string) => void): void {
    this.#liveListener = listener;
  }

  onSchemaChanged(listener: () => void): void {
    this.#schemaListener = listener;
  }

  /** Tells the other tabs that this one upgraded the schema. */
  announceSchemaChange(): void {
    this.transport.announce({ v: PROTOCOL_VERSION, kind: 'schema-changed' });
  }

  /** This tab's own attempt to lead failed, or its worker could not start: show it until a leader is ready. */
  reportLocalFailure(error: TodoError): void {
    if (this.#state.kind !== 'ready') this.#setState({ kind: 'failed', error });
  }

  /**
   * Sends one call to the ready leader (waiting for one until `deadline`), or, with `pin`,
   * only to that leader term (a transaction's statements).
   */
  async call<M extends LeaderMethod>(
    method: M,
    args: LeaderArgs<M>,
    deadline: number,
    options: SendOptions = {},
  ): Promise<LeaderResult<M>> {
    const leader = options.pin ?? (await this.#readyLeader(deadline));
    if (this.#state.kind !== 'ready' || this.#state.leader !== leader) throw new LeaderChangedError();
    const id = randomId();
    const waitMs = Math.max(0, Math.round(deadline - Date.now()));
    return new Promise<LeaderResult<M>>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          if (this.#inFlight.delete(id)) reject(new OutcomeUnknownError());
        },
        Math.max(0, deadline - Date.now()) + ANSWER_GRACE_MS,
      );
      const settle =
        <T>(then: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          this.#inFlight.delete(id);
          then(value);
        };
      this.#inFlight.set(id, {
        leader,
        method,
        waitMs,
        resolve: settle(resolve as (value: unknown) => void),
        reject: settle(reject),
      });
      options.onSend?.(leader);
      this.transport.toLeader({ v: PROTOCOL_VERSION, kind: 'call', id, tab: this.tab, leader, deadline, method, args });
    });
  }

  /** Fails every call and wait: this tab is closing or starting over. */
  close(error: TodoError): void {
    this.transport.close();
    for (const call of this.#inFlight.values()) call.reject(error);
    this.#inFlight.clear();
    for (const waiter of this.#waiters) waiter.failed(error);
    this.#waiters.clear();
    this.#stateListeners.clear();
  }

  #readyLeader(deadline: number): Promise<string> {
    if (this.#state.kind === 'ready') return Promise.resolve(this.#state.leader);
    // Measured now: computed when the timer fires it would always say 0 ms.
    const waitMs = Math.max(0, Math.round(deadline - Date.now()));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.#waiters.delete(waiter);
          reject(new DatabaseTimeoutError('waiting for the database', waitMs));
        },
        Math.max(0, deadline - Date.now()),
      );
      const waiter: Waiter = {
        ready: () => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          if (this.#state.kind === 'ready') resolve(this.#state.leader);
        },
        failed: (error) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  #receive(message: ToTabMessage): void {
    switch (message.kind) {
      case 'reply': {
        const call = this.#inFlight.get(message.id);
        if (!call || call.leader !== message.leader) return;
        if (message.ok) call.resolve(message.value);
        else call.reject(replyError(message.error, call));
        return;
      }
      case 'live':
        this.#liveListener?.(message.sub, message.delivery, message.leader);
        return;
      case 'schema-changed':
        this.#schemaListener?.();
        return;
      case 'leader':
        if (message.state === 'ready') this.#setState({ kind: 'ready', leader: message.leader, info: message.info });
        else if (message.state === 'electing') this.#setState({ kind: 'electing', leader: message.leader });
        // A failed attempt elsewhere does not unseat a leader this tab still talks to.
        else if (this.#state.kind !== 'ready' || this.#state.leader === message.leader) {
          this.#setState({ kind: 'failed', error: deserializeError(message.error) });
        }
        return;
    }
  }

  #setState(state: LinkState): void {
    const previous = this.#state;
    const previousLeader = 'leader' in previous ? previous.leader : undefined;
    const nextLeader = 'leader' in state ? state.leader : undefined;
    if (previous.kind === 'ready' && state.kind === 'ready' && previous.leader === state.leader) return;
    this.#state = state;
    // Calls sent to a leader that is no longer the one: their fate is unknown.
    if (previousLeader !== undefined && previousLeader !== nextLeader) {
      for (const [id, call] of this.#inFlight) {
        if (call.leader === previousLeader) {
          this.#inFlight.delete(id);
          call.reject(new LeaderChangedError());
        }
      }
    }
    if (state.kind === 'ready') for (const waiter of [...this.#waiters]) waiter.ready();
    if (state.kind === 'failed') for (const waiter of [...this.#waiters]) waiter.failed(state.error);
    for (const listener of [...this.#stateListeners]) listener(state);
  }
}

function replyError(error: WireError, call: InFlight): TodoError {
  // The leader was busy past the deadline and did not start it: not applied.
  if (error.name === 'DeadlinePassedError') return new DatabaseTimeoutError(call.method, call.waitMs);
  return queryErrorFrom(error);
}
