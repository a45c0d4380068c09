import { expect } from '@open-wc/testing';
import { configure, getDatabaseClient, getTodoRepository } from '../src/registry';
import { ConfigurationError } from '../src/errors';

describe('registry', () => {
  before(() => configure({ database: 'test-registry', storage: 'memory' }));

  it('accepts configuration before first use, merged over earlier calls', () => {
    configure({ callTimeoutMs: 20_000 });
    const client = getDatabaseClient();
    expect(client.database).to.equal('test-registry');
    expect(client.storage).to.equal('memory');
  });

  it('returns the same client and repository to every caller', () => {
    expect(getDatabaseClient()).to.equal(getDatabaseClient());
    expect(getTodoRepository()).to.equal(getTodoRepository());
  });

  it('returns the same client from a second copy of the module', async () => {
    // A distinct URL makes the browser evaluate the module again: a second bundle copy.
    const copy = (await import(
      /* @vite-ignore */ `${new URL('../src/registry.ts', import.meta.url).pathname}?copy=2`
    )) as typeof import('../src/registry');
    expect(copy.getDatabaseClient).to.not.equal(getDatabaseClient);
    expect(copy.getDatabaseClient()).to.equal(getDatabaseClient());
  });

  it('refuses configuration once the database exists, with a clear error', () => {
    expect(() => configure({ database: 'too-late' })).to.throw(ConfigurationError, /before the first todo element/);
  });
});

describe('registry, one client per database', () => {
  it('gives every caller naming the same database the same client, and another database its own', () => {
    const a = getDatabaseClient({ database: 'test-registry-a', storage: 'memory' });
    expect(a.database).to.equal('test-registry-a');
    expect(a.storage).to.equal('memory');
    expect(getDatabaseClient('test-registry-a')).to.equal(a);
    expect(getTodoRepository({ database: 'test-registry-a' })).to.equal(getTodoRepository('test-registry-a'));
    const b = getDatabaseClient('test-registry-b');
    expect(b).to.not.equal(a);
    expect(b.database).to.equal('test-registry-b');
  });

  it('keeps the configured default for no name, an empty name and the default name itself', () => {
    const fallback = getDatabaseClient();
    expect(getDatabaseClient('')).to.equal(fallback);
    expect(getDatabaseClient({ database: '', storage: '' })).to.equal(fallback);
    expect(getDatabaseClient('test-registry')).to.equal(fallback);
    expect(getTodoRepository('test-registry')).to.equal(getTodoRepository());
  });

  it('lets the first caller choose the storage; a later, different one is ignored', () => {
    const first = getDatabaseClient({ database: 'test-registry-c', storage: 'memory' });
    expect(getDatabaseClient({ database: 'test-registry-c', storage: 'idb' })).to.equal(first);
    expect(first.storage).to.equal('memory');
  });

  it('ignores a storage that is not one of auto, opfs, idb, memory, and uses the configured one', () => {
    const client = getDatabaseClient({ database: 'test-registry-d', storage: 'floppy' as 'memory' });
    expect(client.storage).to.equal('memory');
  });
});
