import { expect } from '@open-wc/testing';
import {
  PROTOCOL_VERSION,
  parseFromWorker,
  parseStartWorker,
  parseToLeader,
  parseToTab,
} from '../../src/protocol/messages';

// The validators every channel message passes before either side acts on it: anything on the
// page's origin can post on these channels, so each must take what is well formed and return
// undefined, never throw, for everything else.

const call = (fields: Record<string, unknown> = {}) => ({
  v: 1,
  kind: 'call',
  id: 'call-1',
  tab: 'tab-1',
  leader: 'term-1',
  deadline: 1_700_000_000_000,
  method: 'query',
  args: { sql: 'select 1', params: [] },
  ...fields,
});
const error = { name: 'QueryError', message: 'no such table', code: '42P01' };

/** What no validator may accept: not objects, or objects without our envelope. */
const NOT_OUR_PROTOCOL: unknown[] = [
  undefined,
  null,
  0,
  'call',
  true,
  [],
  [1, 'call'],
  {},
  { kind: 'call' },
  { v: 2, kind: 'call' },
  { v: '1', kind: 'call' },
  { v: 1 },
  { v: 1, kind: 7 },
  Object.create(null),
];

describe('protocol messages: the validators', () => {
  it('speaks version 1', () => {
    expect(PROTOCOL_VERSION).to.equal(1);
  });

  it('each refuses anything without the version-1 envelope, without throwing', () => {
    for (const parse of [parseToLeader, parseToTab, parseStartWorker, parseFromWorker]) {
      for (const data of NOT_OUR_PROTOCOL)
        expect(parse(data), `${parse.name}(${JSON.stringify(data)})`).to.equal(undefined);
    }
  });

  describe('parseToLeader', () => {
    it('accepts a call to a method the leader offers, and who-leads', () => {
      expect(parseToLeader(call())).to.deep.equal(call());
      expect(parseToLeader(call({ method: 'liveStop', args: { sub: 's' } }))?.kind).to.equal('call');
      expect(parseToLeader({ v: 1, kind: 'who-leads', tab: 'tab-1' })?.kind).to.equal('who-leads');
    });

    it('refuses a call to a method the leader does not offer (even one every object has)', () => {
      for (const method of ['dropDatabase', 'toString', 'constructor', '__proto__', '', 7, undefined])
        expect(parseToLeader(call({ method })), String(method)).to.equal(undefined);
    });

    it('refuses a call whose fields are missing or of the wrong type', () => {
      const broken: Record<string, unknown>[] = [
        { id: undefined },
        { id: '' },
        { id: 42 },
        { tab: undefined },
        { tab: '' },
        { tab: { id: 'x' } },
        { leader: undefined },
        { leader: null },
        { deadline: '1700000000000' },
        { deadline: undefined },
        { args: undefined },
        { args: null },
        { args: 'select 1' },
      ];
      for (const fields of broken) expect(parseToLeader(call(fields)), JSON.stringify(fields)).to.equal(undefined);
    });

    it('refuses ids and tabs of 200 characters or more (nothing unbounded is kept per message)', () => {
      expect(parseToLeader(call({ id: 'x'.repeat(199) }))).to.not.equal(undefined);
      expect(parseToLeader(call({ id: 'x'.repeat(200) }))).to.equal(undefined);
      expect(parseToLeader({ v: 1, kind: 'who-leads', tab: 'x'.repeat(5000) })).to.equal(undefined);
    });

    it('refuses kinds that go to tabs, and who-leads without a tab', () => {
      expect(parseToLeader({ v: 1, kind: 'reply', tab: 't', id: 'i', leader: 'l', ok: true, value: 1 })).to.equal(
        undefined,
      );
      expect(parseToLeader({ v: 1, kind: 'who-leads' })).to.equal(undefined);
    });
  });

  describe('parseToTab', () => {
    it('accepts replies, live deliveries, leader states and schema changes', () => {
      const good = [
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: true, value: null },
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: false, error },
        { v: 1, kind: 'live', leader: 'l', sub: 's', delivery: { type: 'rows', rows: [] } },
        { v: 1, kind: 'live', leader: 'l', sub: 's', delivery: { type: 'changes', changes: [] } },
        { v: 1, kind: 'leader', leader: 'l', state: 'electing' },
        { v: 1, kind: 'leader', leader: 'l', state: 'ready', info: { storage: 'opfs' } },
        { v: 1, kind: 'leader', leader: 'l', state: 'failed', error },
        { v: 1, kind: 'schema-changed' },
      ];
      for (const message of good) expect(parseToTab(message), JSON.stringify(message)).to.equal(message);
    });

    it('refuses a reply without a value or with an error that is not a wire error', () => {
      const bad = [
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: true },
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: 'yes', value: 1 },
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: false },
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: false, error: 'boom' },
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: false, error: { name: 'E' } },
        { v: 1, kind: 'reply', id: 'i', leader: 'l', ok: false, error: { ...error, code: 42 } },
        { v: 1, kind: 'reply', leader: 'l', ok: true, value: 1 },
        { v: 1, kind: 'reply', id: 'i', ok: true, value: 1 },
      ];
      for (const message of bad) expect(parseToTab(message), JSON.stringify(message)).to.equal(undefined);
    });

    it('refuses a live delivery of another shape', () => {
      const deliveries: unknown[] = [
        undefined,
        null,
        [],
        { type: 'rows' },
        { type: 'rows', rows: {} },
        { type: 'changes', changes: 'all' },
        { type: 'changes', rows: [] },
        { type: 'everything', rows: [] },
      ];
      for (const delivery of deliveries)
        expect(parseToTab({ v: 1, kind: 'live', leader: 'l', sub: 's', delivery }), JSON.stringify(delivery)).to.equal(
          undefined,
        );
      expect(parseToTab({ v: 1, kind: 'live', leader: 'l', delivery: { type: 'rows', rows: [] } })).to.equal(undefined);
    });

    it('refuses a leader state it does not know, or one without what it must carry', () => {
      const bad = [
        { v: 1, kind: 'leader', leader: 'l', state: 'resigned' },
        { v: 1, kind: 'leader', leader: 'l' },
        { v: 1, kind: 'leader', state: 'electing' },
        { v: 1, kind: 'leader', leader: 'l', state: 'ready' },
        { v: 1, kind: 'leader', leader: 'l', state: 'ready', info: { storage: 1 } },
        { v: 1, kind: 'leader', leader: 'l', state: 'failed' },
        { v: 1, kind: 'leader', leader: 'l', state: 'failed', error: { name: 'E', message: 7 } },
      ];
      for (const message of bad) expect(parseToTab(message), JSON.stringify(message)).to.equal(undefined);
    });

    it('refuses kinds that go to the leader', () => {
      expect(parseToTab(call())).to.equal(undefined);
      expect(parseToTab({ v: 1, kind: 'who-leads', tab: 't' })).to.equal(undefined);
    });
  });

  describe('parseStartWorker and parseFromWorker', () => {
    const start = { v: 1, kind: 'start', tab: 't', election: 'todo-widget:db', options: {}, solo: false };

    it('accept what a page and its own worker send each other', () => {
      expect(parseStartWorker(start)).to.equal(start);
      expect(parseFromWorker({ v: 1, kind: 'leading', leader: 'l' })?.kind).to.equal('leading');
      expect(parseFromWorker({ v: 1, kind: 'failed', error })?.kind).to.equal('failed');
    });

    it('refuse those messages malformed', () => {
      for (const fields of [
        { tab: '' },
        { election: undefined },
        { options: null },
        { options: 'opfs' },
        { kind: 'stop' },
      ])
        expect(parseStartWorker({ ...start, ...fields }), JSON.stringify(fields)).to.equal(undefined);
      for (const message of [
        { v: 1, kind: 'leading' },
        { v: 1, kind: 'leading', leader: '' },
        { v: 1, kind: 'failed' },
        { v: 1, kind: 'failed', error: { message: 'no name' } },
        { v: 1, kind: 'start', leader: 'l' },
      ])
        expect(parseFromWorker(message), JSON.stringify(message)).to.equal(undefined);
    });
  });
});
