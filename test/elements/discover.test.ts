import { expect, fixture, waitUntil } from '@open-wc/testing';
import { configure } from '../../src/registry';
import { discover } from '../../src/index';

configure({ database: `test-discover-${Date.now()}` });

describe('lazily defined tags (define-lazily.ts)', () => {
  it('a <todo-transfer> added to the document loads by itself', async () => {
    expect(customElements.get('todo-transfer'), 'not loaded before').to.equal(undefined);
    const transfer = await fixture<HTMLElement>('<todo-transfer list="discover"></todo-transfer>');
    await waitUntil(() => customElements.get('todo-transfer') !== undefined, '<todo-transfer> defined', {
      timeout: 10_000,
    });
    await waitUntil(() => transfer.shadowRoot !== null, 'the element upgraded');
  });

  it("discover(root) loads a <todo-search> in a host element's shadow root, which the document's observer misses", async () => {
    const host = await fixture<HTMLElement>('<div></div>');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<todo-search list="discover"></todo-search>';
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(customElements.get('todo-search'), 'loaded without discover()').to.equal(undefined);

    discover(shadow);
    await waitUntil(() => customElements.get('todo-search') !== undefined, '<todo-search> defined', {
      timeout: 10_000,
    });
    await waitUntil(() => shadow.querySelector('todo-search')!.shadowRoot !== null, 'the element upgraded');
  });
});
