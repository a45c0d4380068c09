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
    const copy = (await import(/* @vite-ignore */ `${new URL('../src/registry.ts', import.meta.url).pathname}?copy=2`)) as typeof import('../src/registry');
    expect(copy.getDatabaseClient).to.not.equal(getDatabaseClient);
    expect(copy.getDatabaseClient()).to.equal(getDatabaseClient());
  });

  it('refuses configuration once the database exists, with a clear error', () => {
    expect(() => configure({ database: 'too-late' })).to.throw(ConfigurationError, /before the first todo element/);
  });
});
