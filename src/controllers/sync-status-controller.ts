import type { ReactiveControllerHost } from 'lit';
import { DatabaseBinding, type DatabaseHost } from './database-binding';
import { syncOf, type SyncOptions, type SyncStatus } from '../sync/tab-sync';
import { syncError } from '../sync/errors';
import { todoError, type TodoSyncDetail } from '../events/todo-events';
import { syncOptions } from '../registry';

// Here rather than beside the other factories in events/: only this lazily loaded chunk fires it.
const todoSync = (detail: TodoSyncDetail) => new CustomEvent('todo-sync', { detail, bubbles: true, composed: true });

/**
 * Keeps its host up with the sync of its database (started by this page with `options()`, or by
 * `configure({ sync })`, or by another tab: the leader's status reaches every tab), and fires
 * `todo-sync` on the host at each change, and `todo-error` for a change the server refused.
 */
export class SyncStatusController {
  status: SyncStatus = { state: 'off', pending: 0 };

  constructor(
    host: ReactiveControllerHost & HTMLElement & DatabaseHost,
    options: () => SyncOptions | undefined,
    list: () => string,
  ) {
    new DatabaseBinding(host, {
      bind: ({ client }) => {
        const sync = syncOf(client, options() ?? syncOptions());
        const show = (status: SyncStatus) => {
          const before = this.status;
          this.status = status;
          host.requestUpdate();
          if (before.state === status.state && before.pending === status.pending && before.problem === status.problem)
            return;
          const error = status.problem ? syncError(status.problem) : undefined;
          const retry = status.state === 'auth-required' ? { retry: () => sync.retryAuth() } : {};
          host.dispatchEvent(
            todoSync({ state: status.state, pending: status.pending, ...(error ? { error } : {}), ...retry }),
          );
        };
        show(sync.status);
        sync.refresh();
        return sync.listen((status, refused) => {
          if (!refused) return show(status);
          const error = syncError(refused);
          host.dispatchEvent(todoSync({ state: status.state, pending: status.pending, error }));
          // Never a silent revert: the widget shows why its change did not stay.
          host.dispatchEvent(todoError({ error, list: list() }));
        });
      },
    });
  }
}
