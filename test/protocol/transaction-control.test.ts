import { expect } from '@open-wc/testing';
import { findTransactionControl, statementHeads } from '../../src/protocol/transaction-control';

describe('findTransactionControl', () => {
  it('finds transaction control at the start of any statement', () => {
    for (const sql of ['BEGIN', 'begin;', '  commit ', 'END', 'rollback', 'ABORT', 'savepoint a', 'RELEASE a', 'start transaction', "prepare transaction 'x'", 'select 1; begin', '-- note\nbegin', '/* c */ COMMIT']) {
      expect(findTransactionControl(sql), sql).to.be.a('string');
    }
  });

  it('leaves alone the same words as data, identifiers or inside bodies', () => {
    for (const sql of ["select 'begin'", 'select begin_at from t', 'select "begin" from t', "insert into t values ('x; commit')", 'create function f() returns void as $$ begin end $$ language plpgsql', 'select 1 -- ; begin', 'update t set ended = true']) {
      expect(findTransactionControl(sql), sql).to.equal(undefined);
    }
  });

  it('splits statements on semicolons outside quotes and dollar quotes', () => {
    expect(statementHeads("select ';'; select $x$;$x$; values (1)").length).to.equal(3);
  });
});
