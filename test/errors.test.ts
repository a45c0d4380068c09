import { queryErrorFrom, serializeError } from '../src/protocol/serialized-error';
import { expect } from '@open-wc/testing';
import { DatabaseFailureError, QueryError, StorageFullError, TitleEmptyError, refusedForGood } from '../src/errors';

/** A real WebAssembly trap: what an engine abort (out of memory, `unreachable`) throws in the leader. */
function wasmTrap(): unknown {
  // (module (func (export "trap") unreachable))
  const bytes = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0,
    11,
  ]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  try {
    (instance.exports['trap'] as () => void)();
  } catch (error) {
    return error;
  }
  throw new Error('the module did not trap');
}

/** A real DataCloneError: what posting an answer that cannot be cloned throws. */
function dataCloneError(): unknown {
  try {
    structuredClone(() => undefined);
  } catch (error) {
    return error;
  }
  throw new Error('a function was cloned');
}

describe('errors that cross from the leader', () => {
  it('a failure of the leader that is no Postgres error is a DatabaseFailureError, never a refusal', () => {
    for (const thrown of [wasmTrap(), dataCloneError(), new TypeError('Failed to execute "flush" on handle')]) {
      const error = queryErrorFrom(serializeError(thrown));
      expect(error, String(thrown)).to.be.instanceOf(DatabaseFailureError);
      expect(error, String(thrown)).to.not.be.instanceOf(QueryError);
      expect(refusedForGood(error), String(thrown)).to.equal(false);
    }
  });

  it('keeps a Postgres error’s SQLSTATE, and only invalid data (class 22) and broken constraints (23) are refusals', () => {
    const postgres = (code: string) =>
      queryErrorFrom({ name: 'error', message: `failed with ${code}`, code, severity: 'ERROR' });
    for (const code of ['22P02', '22001', '23505', '23514', '23502']) {
      const error = postgres(code);
      expect(error).to.be.instanceOf(QueryError);
      expect((error as QueryError).code).to.equal(code);
      expect(refusedForGood(error), code).to.equal(true);
    }
    // Out of memory, disk full, I/O error, shut down, crashed, serialization failure: not the todo's fault.
    for (const code of ['53200', '53100', '58030', '57P01', 'XX000', '40001', '25P02']) {
      expect(refusedForGood(postgres(code)), code).to.equal(false);
    }
  });

  it('a code that is no SQLSTATE does not make a Postgres error', () => {
    const error = queryErrorFrom({ name: 'ErrnoError', message: 'FS error', code: 'EPERM' });
    expect(error).to.be.instanceOf(DatabaseFailureError);
  });

  it('the widget’s own refusals and other errors', () => {
    expect(refusedForGood(new TitleEmptyError())).to.equal(true);
    expect(refusedForGood(new StorageFullError('full'))).to.equal(false);
    expect(refusedForGood(new Error('anything'))).to.equal(false);
  });
});
