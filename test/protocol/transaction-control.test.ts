import { expect } from '@open-wc/testing';
import { findTransactionControl, mayWrite, statementHeads } from '../../src/protocol/transaction-control';

describe('findTransactionControl', () => {
  it('finds transaction control at the start of any statement', () => {
    for (const sql of [
      'BEGIN',
      'begin;',
      '  commit ',
      'END',
      'rollback',
      'ABORT',
      'savepoint a',
      'RELEASE a',
      'start transaction',
      "prepare transaction 'x'",
      'select 1; begin',
      '-- note\nbegin',
      '/* c */ COMMIT',
    ]) {
      expect(findTransactionControl(sql), sql).to.be.a('string');
    }
  });

  it('leaves alone the same words as data, identifiers or inside bodies', () => {
    for (const sql of [
      "select 'begin'",
      'select begin_at from t',
      'select "begin" from t',
      "insert into t values ('x; commit')",
      'create function f() returns void as $$ begin end $$ language plpgsql',
      'select 1 -- ; begin',
      'update t set ended = true',
    ]) {
      expect(findTransactionControl(sql), sql).to.equal(undefined);
    }
  });

  it('splits statements on semicolons outside quotes and dollar quotes', () => {
    expect(statementHeads("select ';'; select $x$;$x$; values (1)").length).to.equal(3);
  });
});

describe('mayWrite', () => {
  it('tells plain reads (safe to repeat, no live refresh) from anything that may change data', () => {
    for (const sql of [
      'select 1',
      '  SELECT * from todos where list = $1',
      'values (1)',
      'show search_path',
      'explain select 1',
    ]) {
      expect(mayWrite(sql), sql).to.equal(false);
    }
    for (const sql of [
      'insert into t values (1)',
      'update t set x = 1',
      'with d as (delete from t returning 1) select count(*) from d',
      'select nextval($1)',
      'select * from t for update',
      'select 1; delete from t',
      'create table x (a int)',
    ]) {
      expect(mayWrite(sql), sql).to.equal(true);
    }
  });
});
