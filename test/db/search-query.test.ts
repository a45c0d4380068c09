import { expect } from '@open-wc/testing';
import { parseSearchQuery } from '../../src/db/search-query';
import { highlight, searchTerms } from '../../src/internal/highlight';

describe('parseSearchQuery', () => {
  it('is no search for blank text', () => {
    expect(parseSearchQuery('')).to.be.undefined;
    expect(parseSearchQuery('   \t')).to.be.undefined;
  });

  it('matches the word still being typed as a prefix', () => {
    expect(parseSearchQuery('mil')).to.deep.equal({ words: '', prefix: 'mil', anyOf: false });
    expect(parseSearchQuery('buy mil')).to.deep.equal({ words: 'buy ', prefix: 'mil', anyOf: false });
  });

  it('takes a finished word (trailing space), a phrase and a negation as typed', () => {
    expect(parseSearchQuery('milk ')).to.deep.equal({ words: 'milk ', prefix: '', anyOf: false });
    expect(parseSearchQuery('"buy mil')).to.deep.equal({ words: '"buy mil', prefix: '', anyOf: false });
    expect(parseSearchQuery('"buy milk"')).to.deep.equal({ words: '"buy milk"', prefix: '', anyOf: false });
    expect(parseSearchQuery('milk -bread')).to.deep.equal({ words: 'milk -bread', prefix: '', anyOf: false });
  });

  it('reads NUL and unpaired surrogates, which no title holds, as spaces between words', () => {
    expect(parseSearchQuery('milk\u0000bre')).to.deep.equal({ words: 'milk ', prefix: 'bre', anyOf: false });
    expect(parseSearchQuery('\u0000')).to.be.undefined;
    expect(parseSearchQuery('a\uD800')).to.deep.equal({ words: 'a ', prefix: '', anyOf: false });
  });

  it('makes the prefix an alternative after "or"', () => {
    expect(parseSearchQuery('milk or bre')).to.deep.equal({ words: 'milk ', prefix: 'bre', anyOf: true });
    expect(parseSearchQuery('milk OR')).to.deep.equal({ words: 'milk OR', prefix: '', anyOf: false });
  });
});

describe('highlight', () => {
  const marked = (title: string, query: string) =>
    highlight(title, query)
      .filter((segment) => segment.match)
      .map((segment) => segment.text);

  it('marks whole words the search matched, the last word as a prefix', () => {
    expect(marked('Buy milk and more milk', 'mil')).to.deep.equal(['milk', 'milk']);
    expect(marked('Buy milk', 'buy mil')).to.deep.equal(['Buy', 'milk']);
    // A finished word is matched whole, not as a prefix.
    expect(marked('milkshake and milk', 'milk ')).to.deep.equal(['milk']);
  });

  it('folds case and accents as the database does', () => {
    expect(marked('Café au lait', 'cafe')).to.deep.equal(['Café']);
    expect(marked('CAFE', 'café')).to.deep.equal(['CAFE']);
  });

  it('does not mark negated words or the operator', () => {
    expect(searchTerms('milk or -bread').words).to.deep.equal(new Set(['milk']));
    expect(marked('milk bread', 'milk or -bread')).to.deep.equal(['milk']);
  });

  it('keeps every character of the title, in order', () => {
    const title = '<img src=x onerror=alert(1)> mil&amp; "milk"';
    expect(
      highlight(title, 'mil')
        .map((segment) => segment.text)
        .join(''),
    ).to.equal(title);
    expect(
      highlight(title, '')
        .map((segment) => segment.text)
        .join(''),
    ).to.equal(title);
  });
});
