import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { detectDelimiter, parseCsv, toCsv } from '../../src/db/transfer/csv';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('CSV (RFC 4180)', () => {
  it('reads fields, quoted fields with commas, quotes and line breaks, and any line ending', () => {
    expect(fields('a,b,c\r\n1,"x, y","say ""hi"""\r\n')).to.deep.equal([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
    ]);
    expect(fields('a,"two\nlines"\n3,4')).to.deep.equal([
      ['a', 'two\nlines'],
      ['3', '4'],
    ]);
    expect(fields('a\rb\r')).to.deep.equal([['a'], ['b']]);
    expect(fields('\uFEFFid,title\n')).to.deep.equal([['id', 'title']]);
    expect(fields(',""\n""')).to.deep.equal([['', ''], ['']]);
  });

  it('says on which line a record starts', () => {
    expect(parseCsv('h\n"x\ny"\nz').map((record) => record.line)).to.deep.equal([1, 2, 4]);
  });

  it('refuses an unclosed quote and text after a closing quote', () => {
    expect(() => parseCsv('a,"open\n')).to.throw(SyntaxError, /line 1 is never closed/);
    expect(() => parseCsv('"a"b,c')).to.throw(SyntaxError, /after the closing quote/);
  });

  it("reads the separator the header line uses: ',', the ';' of Excel in German, French or Spanish, or a tab", () => {
    expect(detectDelimiter('id,title\r\n')).to.equal(',');
    expect(detectDelimiter('\uFEFFid;title;completed\r\n1;"a, b";true')).to.equal(';');
    expect(detectDelimiter('id\ttitle\tcompleted\n')).to.equal('\t');
    // Inside quotes a separator does not count; none at all, or a tie, is a comma.
    expect(detectDelimiter('"a;b;c",d\n')).to.equal(',');
    expect(detectDelimiter('title\n')).to.equal(',');
    expect(detectDelimiter('a;b,c\n')).to.equal(',');
    expect(fields('id;title\r\n1;"x; y, z"\r\n')).to.deep.equal([
      ['id', 'title'],
      ['1', 'x; y, z'],
    ]);
    expect(fields('id\ttitle\n1\t"tab\there"\n')).to.deep.equal([
      ['id', 'title'],
      ['1', 'tab\there'],
    ]);
  });

  for (const delimiter of [';', '\t'] as const)
    it(`reads back exactly what it writes with ${JSON.stringify(delimiter)} between fields`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), {
            minLength: 1,
            maxLength: 8,
          }),
          (rows) => {
            fc.pre(rows.every((row) => row.length > 1 || row[0] !== ''));
            const records = parseCsv(toCsv(rows, delimiter), delimiter).map((record) => record.fields);
            expect(records).to.deep.equal(rows);
          },
        ),
        { numRuns: 200 },
      );
    });

  it('a lone separator of another kind in the header line does not change the separator read (fast-check found [[";"], [" "]])', () => {
    for (const rows of [
      [[';'], [' ']],
      [['\t'], ['x']],
      [
        ['a;b', 'c'],
        ['d', 'e'],
      ],
    ]) {
      expect(fields(toCsv(rows)), JSON.stringify(rows)).to.deep.equal(rows);
    }
  });

  it('reads back exactly what it writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (rows) => {
          // A record of one empty field is a blank line, which writes as nothing to tell apart.
          fc.pre(rows.every((row) => row.length > 1 || row[0] !== ''));
          expect(fields(toCsv(rows))).to.deep.equal(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
