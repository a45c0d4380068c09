import type { DatabaseClient } from '../../src/db/client';

/**
 * Makes Postgres itself fail writes to the todos of a list with a chosen SQLSTATE, as it does
 * when it runs out of memory (53200) or its storage fails (58030): a real error from the real
 * leader, raised by a trigger, so a test can see what each kind of failure leaves behind.
 */
export async function installFailures(client: DatabaseClient): Promise<void> {
  await client.exec(`
    create table if not exists test_failures (list text primary key, code text not null);
    create or replace function test_fail_write() returns trigger language plpgsql as $$
    declare
      failure text;
    begin
      select code into failure from test_failures where list = coalesce(new.list, old.list);
      if failure is not null then
        raise exception 'test failure %', failure using errcode = failure;
      end if;
      return coalesce(new, old);
    end $$;
    drop trigger if exists test_fail_write on todos;
    create trigger test_fail_write before insert or update or delete on todos
      for each row execute function test_fail_write();
  `);
}

/** Every write to `list`'s todos fails with SQLSTATE `code` until the list's row is deleted from `test_failures`. */
export async function failNext(client: DatabaseClient, list: string, code: string): Promise<void> {
  await client.query('insert into test_failures (list, code) values ($1, $2)', [list, code]);
}
