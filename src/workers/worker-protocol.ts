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
