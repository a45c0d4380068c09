import { expect, waitUntil } from '@open-wc/testing';
import { MarkAllController } from '../../src/controllers/mark-all-controller';
import type { TodoCounts } from '../../src/db/repositories/todos';
import type { Todo } from '../../src/db/schema';
import { TestHost } from './test-host';

const counts = (total: number, active: number): TodoCounts => ({ total, active, completed: total - active });
/** Past a timer of `ms` set before this call: timers of equal or shorter delay run in order. */
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const todo = (id: string, completed: boolean): Todo => {
  const at = new Date(0);
  return { id, list: 'l', title: id, completed, position: '1', createdAt: at, updatedAt: at, dueAt: null };
};

function setup(settleMs = 20) {
  const host = new TestHost();
  const state = {
    counts: counts(2, 2) as TodoCounts | undefined,
    calls: [] as boolean[],
    fail: undefined as Error | undefined,
  };
  const controller = new MarkAllController(host, {
    list: () => 'l',
    counts: () => state.counts,
    markAll: async (completed) => {
      state.calls.push(completed);
      if (state.fail) throw state.fail;
    },
    settleMs,
  });
  host.connect();
  return { host, state, controller };
}

describe('MarkAllController', () => {
  it('follows the counts: checked when every todo is completed, disabled with no todos', () => {
    const { host, state, controller } = setup();
    expect(controller.checked).to.equal(false);
    state.counts = counts(2, 0);
    host.update();
    expect(controller.checked).to.equal(true);
    state.counts = counts(0, 0);
    expect(controller.checked).to.equal(false);
    expect(controller.disabled).to.equal(true);
    state.counts = undefined;
    expect(controller.disabled).to.equal(true);
  });

  it('shows what was asked until the counts agree, then the counts again', async () => {
    const { host, state, controller } = setup(60_000);
    await controller.set(true);
    expect(state.calls).to.deep.equal([true]);
    host.update();
    expect(controller.checked, 'counts not caught up yet').to.equal(true);
    state.counts = counts(2, 0);
    host.update();
    state.counts = counts(2, 1);
    host.update();
    expect(controller.checked, 'the counts, once they agreed').to.equal(false);
    host.disconnect();
  });

  it("checked then at once unchecked stays unchecked while the first write's counts arrive (the TodoMVC race)", async () => {
    const { host, state, controller } = setup(60_000);
    const first = controller.set(true);
    host.update();
    const second = controller.set(false);
    host.update();
    expect(controller.checked, 'right after the second click').to.equal(false);
    // The counts of the first Mark all arrive before the second is saved: every todo completed.
    state.counts = counts(2, 0);
    host.update();
    expect(controller.checked, "while the first write's counts show").to.equal(false);
    await first;
    await second;
    host.update();
    expect(controller.checked, 'saved, with counts read before the save').to.equal(false);
    state.counts = counts(2, 2);
    host.update();
    expect(controller.checked).to.equal(false);
    host.disconnect();
  });

  it('a stale result that agrees by chance does not end what was asked: only counts read after the save do', async () => {
    const { host, state, controller } = setup(60_000);
    // Counts say none completed; the user checks, then unchecks before any counts arrive.
    const first = controller.set(true);
    const second = controller.set(false);
    await first;
    await second;
    host.update();
    // The first write's counts arrive only now, after the second was saved.
    state.counts = counts(2, 0);
    host.update();
    expect(controller.checked, "the first write's late counts do not flip it").to.equal(false);
    state.counts = counts(2, 2);
    host.update();
    expect(controller.checked).to.equal(false);
    host.disconnect();
  });

  it('counts that agree before the write is answered end what was asked once it is: a todo added then unchecks the box', async () => {
    const host = new TestHost();
    let current: TodoCounts = counts(2, 1);
    let answer!: () => void;
    const controller = new MarkAllController(host, {
      list: () => 'l',
      counts: () => current,
      markAll: () => new Promise<void>((resolve) => (answer = resolve)),
      settleMs: 60_000,
    });
    host.connect();
    const saving = controller.set(true);
    host.update();
    // The leader tells the live counts before it answers the write.
    current = counts(2, 0);
    host.update();
    answer();
    await saving;
    host.update();
    // Another todo is added: the box follows the counts at once, not after the settle time.
    current = counts(3, 1);
    host.update();
    expect(controller.checked).to.equal(false);
    host.disconnect();
  });

  it('lets the counts win after a moment if they never agree', async () => {
    const { host, controller } = setup(20);
    await controller.set(true);
    const updates = host.updates;
    await waitUntil(() => host.updates > updates, 'the settle timer asks for an update');
    expect(controller.checked).to.equal(false);
  });

  it('drops what was asked when the write fails, and passes the error on', async () => {
    const { host, state, controller } = setup();
    state.fail = new Error('refused');
    let caught: unknown;
    await controller.set(true).catch((error: unknown) => (caught = error));
    expect(caught).to.equal(state.fail);
    expect(controller.checked).to.equal(false);
    expect(host.updates).to.be.above(0);
  });

  it('clears its timer when the host disconnects: nothing runs for a detached host', async () => {
    const { host, controller } = setup(20);
    await controller.set(true);
    host.disconnect();
    const updates = host.updates;
    await after(100);
    expect(host.updates).to.equal(updates);
    expect(controller.checked).to.equal(false);
  });

  describe('the rows', () => {
    it('show the mark-all at once, the same objects on every update, until rows read after the write arrive', async () => {
      const host = new TestHost();
      let resolveWrite!: () => void;
      const controller = new MarkAllController(host, {
        list: () => 'l',
        counts: () => counts(2, 1),
        markAll: () => new Promise<void>((resolve) => (resolveWrite = resolve)),
      });
      host.connect();
      const open = todo('a', false);
      const done = todo('b', true);
      expect(controller.overlay(open), 'nothing asked yet').to.equal(open);

      const written = controller.set(true);
      const shown = controller.overlay(open);
      expect(shown.completed, 'marked before the write resolves').to.equal(true);
      expect(shown.id).to.equal('a');
      expect(controller.overlay(open), 'the same object on the next update').to.equal(shown);
      expect(controller.overlay(done), 'a row already so is itself').to.equal(done);
      const elsewhere = { ...open, list: 'another list' };
      expect(controller.overlay(elsewhere), "another list's row (the host switched lists)").to.equal(elsewhere);
      controller.seen();
      expect(controller.overlay(open).completed, 'rows received before the write resolved predate it').to.equal(true);

      resolveWrite();
      await written;
      expect(controller.overlay(open).completed, 'saved, not yet seen').to.equal(true);
      controller.seen();
      expect(controller.overlay(open), 'rows read after the write: theirs').to.equal(open);
      host.disconnect();
    });

    it('go back to what they were when the write fails', async () => {
      const { controller, state } = setup();
      state.fail = new Error('refused');
      const open = todo('a', false);
      const written = controller.set(true).catch(() => undefined);
      expect(controller.overlay(open).completed).to.equal(true);
      await written;
      expect(controller.overlay(open)).to.equal(open);
    });
  });

  it('starts no timer when the write resolves after the host disconnected', async () => {
    const host = new TestHost();
    let resolveWrite!: () => void;
    const controller = new MarkAllController(host, {
      list: () => 'l',
      counts: () => counts(1, 1),
      markAll: () => new Promise<void>((resolve) => (resolveWrite = resolve)),
      settleMs: 20,
    });
    host.connect();
    const written = controller.set(true);
    host.disconnect();
    resolveWrite();
    await written;
    const updates = host.updates;
    await after(100);
    expect(host.updates).to.equal(updates);
  });
});
