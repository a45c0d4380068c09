import { type SerializedError, deserializeError, queryErrorFrom } from '../../protocol/serialized-error';
import { randomId } from '../../protocol/channels';
import type { LeaderArgs, LeaderMethod, LeaderResult, LiveDelivery } from '../../protocol/leader-api';
import { PROTOCOL_VERSION, type ToTabMessage } from '../../protocol/messages';
import { DatabaseTimeoutError, LeaderChangedError, OutcomeUnknownError, type TodoError } from '../../errors';
import type { DatabaseInfo } from '../storage';
import { RETRY_DELAYS_MS } from './call-policy';
import type { Transport } from './transport';

/** Where this tab stands with the leader. */
export type LinkState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'electing'; readonly leader: string }
  | { readonly kind: 'ready'; readonly leader: string; readonly info: DatabaseInfo }
  | { readonly kind: 'failed'; readonly error: TodoError };

/** How long past its deadline a call's answer is still awaited: a statement started just before it may still be running. */
export const ANSWER_GRACE_MS = 2_000;

/** Leader terms checked at once: announcements of more (a flood of forged ones) wait for a later who-leads. */
const MAX_PROBES = 8;

export interface LeaderLinkOptions {
  /** How long an announced leader term has to answer before this tab stops believing the announcement. */
  readonly probeTimeoutMs: number;
}

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
 *
 * Anything on the origin can post on the channels, so an announcement is a claim: a term is
 * followed once it has answered a call (`describe`), never on the word of one message, and while
 * no leader is known to serve, this tab asks who leads again, with backoff.
 */
export class LeaderLink {
  #state: LinkState = { kind: 'waiting' };
  readonly #inFlight = new Map<string, InFlight>();
  readonly #waiters = new Set<Waiter>();
  readonly #stateListeners = new Set<(state: LinkState) => void>();
  #liveListener?: (sub: string, delivery: LiveDelivery, leader: string) => void;
  #schemaListener?: () => void;
  /** Announced terms being asked whether they really lead. */
  readonly #probes = new Set<string>();
  #reaskTimer?: ReturnType<typeof setTimeout>;
  #reasks = 0;
  #closed = false;

  constructor(
    private readonly transport: Transport,
    readonly tab: string,
    private readonly options: LeaderLinkOptions = { probeTimeoutMs: 30_000 },
  ) {
    transport.onMessage((message) => this.#receive(message));
    this.askWhoLeads();
    this.#scheduleReask();
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

  /** Asks the leader to state who it is (it answers this tab alone): after a stale or forged announcement, or a silent leader. */
  askWhoLeads(): void {
    if (!this.#closed) this.transport.toLeader({ v: PROTOCOL_VERSION, kind: 'who-leads', tab: this.tab });
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
    for (;;) {
      const leader = options.pin ?? (await this.#readyLeader(deadline));
      if (this.#state.kind === 'ready' && this.#state.leader === leader)
        return this.#send(leader, method, args, deadline, options.onSend);
      // Not sent: a transaction's statement fails with its leader; any other call waits for the next one.
      if (options.pin !== undefined) throw new LeaderChangedError();
    }
  }

  /** Sends one call to `leader`, whatever this tab believes of it, and settles it by its fate. */
  #send<M extends LeaderMethod>(
    leader: string,
    method: M,
    args: LeaderArgs<M>,
    deadline: number,
    onSend?: (leader: string) => void,
  ): Promise<LeaderResult<M>> {
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
      onSend?.(leader);
      this.transport.toLeader({ v: PROTOCOL_VERSION, kind: 'call', id, tab: this.tab, leader, deadline, method, args });
    });
  }

  /** Fails every call and wait: this tab is closing or starting over. */
  close(error: TodoError): void {
    this.#closed = true;
    clearTimeout(this.#reaskTimer);
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
      case 'leader': {
        const current = this.#state;
        if (message.state === 'ready') this.#claimReady(message.leader, message.info);
        else if (message.state === 'electing') {
          // A term electing again is stale or forged; a new one means the lock changed hands
          // (calls in flight stay until a new leader answers: the old one may still answer them).
          if (!('leader' in current && current.leader === message.leader))
            this.#setState({ kind: 'electing', leader: message.leader });
        }
        // A failed attempt elsewhere does not unseat a leader this tab still talks to.
        else if (current.kind !== 'ready' || current.leader === message.leader) {
          this.#setState({ kind: 'failed', error: deserializeError(message.error) });
        }
        return;
      }
    }
  }

  /** Follows an announced term once it has answered a call; otherwise asks who leads again. */
  #claimReady(leader: string, info: DatabaseInfo): void {
    if (this.#state.kind === 'ready' && this.#state.leader === leader) return;
    if (this.#probes.has(leader) || this.#probes.size >= MAX_PROBES) return;
    this.#probes.add(leader);
    const answered = this.#send(leader, 'describe', {}, Date.now() + this.options.probeTimeoutMs).then(
      () => true,
      // Any answer, even a refusal, comes from a leader that serves; silence does not.
      (error: unknown) => !(error instanceof OutcomeUnknownError),
    );
    void answered.then((serves) => {
      this.#probes.delete(leader);
      if (this.#closed) return;
      if (serves) this.#setState({ kind: 'ready', leader, info });
      else if (this.#state.kind !== 'ready') this.askWhoLeads();
    });
  }

  /** While no leader is known to serve, asks again now and then: an announcement may have been missed, stale or forged. */
  #scheduleReask(): void {
    if (this.#closed || this.#reaskTimer !== undefined) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.#reasks++, RETRY_DELAYS_MS.length - 1)];
    this.#reaskTimer = setTimeout(() => {
      this.#reaskTimer = undefined;
      if (this.#state.kind === 'ready') return;
      this.askWhoLeads();
      this.#scheduleReask();
    }, delay);
  }

  #setState(state: LinkState): void {
    const previous = this.#state;
    if (previous.kind === 'ready' && state.kind === 'ready' && previous.leader === state.leader) return;
    this.#state = state;
    // Calls sent to a leader known to be gone (another term answered, or no leader serves): their
    // fate is unknown. Not on "electing" alone: a stale or forged one must not fail calls the leader still answers.
    if (state.kind === 'ready' || state.kind === 'failed') {
      const serving = state.kind === 'ready' ? state.leader : undefined;
      for (const [id, call] of this.#inFlight) {
        if (call.leader !== serving) {
          this.#inFlight.delete(id);
          call.reject(new LeaderChangedError());
        }
      }
    }
    if (state.kind === 'ready') {
      this.#reasks = 0;
      clearTimeout(this.#reaskTimer);
      this.#reaskTimer = undefined;
    } else this.#scheduleReask();
    if (state.kind === 'ready') for (const waiter of [...this.#waiters]) waiter.ready();
    if (state.kind === 'failed') for (const waiter of [...this.#waiters]) waiter.failed(state.error);
    for (const listener of [...this.#stateListeners]) listener(state);
  }
}

function replyError(error: SerializedError, call: InFlight): TodoError {
  // The leader was busy past the deadline and did not start it: not applied.
  if (error.name === 'DeadlinePassedError') return new DatabaseTimeoutError(call.method, call.waitMs);
  return queryErrorFrom(error);
}
