import { TodoError } from '../errors';
import type { SyncProblem } from './messages';

/** The sync server refused the bearer token (401): give a new one (`configure({ sync: { token } })`). */
export class SyncAuthError extends TodoError {
  override name = 'SyncAuthError';
}

/** The sync server refused one of this device's changes for good; `reason` says why. */
export class SyncRejectedError extends TodoError {
  override name = 'SyncRejectedError';
  constructor(
    message: string,
    /** `invalid`, `not-found` (deleted on another device) or `changed-elsewhere`. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The sync server answered what protocol version 1 does not expect (a wrong URL, a proxy's page). */
export class SyncProtocolError extends TodoError {
  override name = 'SyncProtocolError';
  constructor(
    message: string,
    /** The HTTP status, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The typed error of a problem the leader reported. */
export function syncError(problem: SyncProblem): SyncAuthError | SyncRejectedError | SyncProtocolError {
  if (problem.kind === 'auth') return new SyncAuthError(problem.message);
  if (problem.kind === 'rejected') return new SyncRejectedError(problem.message, problem.reason ?? 'invalid');
  return new SyncProtocolError(problem.message, problem.status);
}
