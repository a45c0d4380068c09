/**
 * Statements that open or end a transaction. Every tab shares the leader's one Postgres
 * session, so a `BEGIN` sent through `query()` would capture other tabs' writes into this
 * tab's transaction (and lose them with its ROLLBACK). `DatabaseClient.transaction()` is the
 * only way in; these are refused on both sides of the channel.
 */
const TRANSACTION_CONTROL =
  /^(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\s+transaction)\b/i;

/**
 * The first keyword of each statement in `sql`, skipping comments and the contents of
 * quoted strings, quoted identifiers and dollar-quoted bodies (where a `;` or a keyword is data).
 */
export function statementHeads(sql: string): string[] {
  const heads: string[] = [];
  let current = '';
  let atStart = true;
  let i = 0;
  const pushHead = () => {
    if (current.trim()) heads.push(current.trim());
    current = '';
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      if (atStart) current += ' ';
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      if (atStart) current += ' ';
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      if (atStart) current += sql.slice(i, end);
      atStart = false;
      i = end;
      continue;
    }
    if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? sql.length : end + tag[0].length;
        atStart = false;
        continue;
      }
    }
    if (ch === ';') {
      pushHead();
      atStart = true;
      i++;
      continue;
    }
    // Two words are enough to tell "start transaction" and "prepare transaction".
    if (atStart) {
      current += ch;
      if (/^\s*\S+\s+\S+\s/.test(current)) atStart = false;
    }
    i++;
  }
  pushHead();
  return heads;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2; // an escaped quote inside
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** The transaction-control statement in `sql`, if any (e.g. `"BEGIN"`), for the error message. */
export function findTransactionControl(sql: string): string | undefined {
  return statementHeads(sql)
    .find((head) => TRANSACTION_CONTROL.test(head))
    ?.split(/\s+/)
    .slice(0, 2)
    .join(' ');
}

/** Statements that only read: a plain SELECT, VALUES, TABLE, SHOW or EXPLAIN without a write inside. */
const READ_ONLY = /^\s*(select|values|table|show|explain)\b/i;
const WRITES_INSIDE = /\b(insert|update|delete|merge|nextval|setval|into|for\s+(update|share))\b/i;

/**
 * True when `sql` may change data. Conservative: anything not recognisably a plain read counts.
 * The leader re-runs live queries after such a statement; a tab repeats a read (not this) safely.
 */
export function mayWrite(sql: string): boolean {
  return !READ_ONLY.test(sql) || WRITES_INSIDE.test(sql) || statementHeads(sql).length > 1;
}
