import type { SerializedError } from '../errors';

/**
 * Messages our layer adds beside PGlite's own worker protocol.
 * Start-up failures are broadcast, so follower tabs waiting on this leader fail fast too.
 */
export interface StartFailedMessage {
  readonly type: 'todo-widget:start-failed';
  readonly error: SerializedError;
}

export function startFailureChannelName(electionId: string): string {
  return `todo-widget:start-failed:${electionId}`;
}

export function isStartFailedMessage(data: unknown): data is StartFailedMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'todo-widget:start-failed';
}

/**
 * The page creates its worker before it knows how the election will run (asking about Web
 * Locks takes a moment), so the worker loads its code meanwhile and answers PGlite's handshake
 * only on this message, once the page's `PGliteWorker` is there to hear it.
 */
export interface ConnectMessage {
  readonly type: 'todo-widget:connect';
}

export const connectMessage: ConnectMessage = { type: 'todo-widget:connect' };

export function isConnectMessage(data: unknown): data is ConnectMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === connectMessage.type;
}
