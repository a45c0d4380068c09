import { expect } from '@open-wc/testing';
import { normalizeTitle, validateList } from '../../src/db/validation';
import { InvalidListError, TitleCharactersError } from '../../src/errors';

describe('validateList', () => {
  it('refuses list names Postgres could not store verbatim: unpaired surrogates, NUL', () => {
    // Stored as UTF-8, both would become "a\uFFFD": two lists that are one.
    for (const name of ['a\uD800', 'a\uDC00', '\uDBFFb', 'x\u0000y']) {
      expect(() => validateList(name), JSON.stringify(name)).to.throw(InvalidListError);
    }
  });

  it('keeps every well-formed name as it is: pairs, combining marks, RTL, emoji', () => {
    for (const name of ['a\uD83D\uDE00', 'e\u0301', 'שלום', '👩‍👩‍👧', ' spaced '])
      expect(validateList(name)).to.equal(name);
  });

  it('applies the same character rules as titles', () => {
    expect(() => normalizeTitle('a\uD800')).to.throw(TitleCharactersError);
  });
});
