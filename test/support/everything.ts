/**
 * Everything the carry-over tests compare between the old engine and the new one, read by one
 * SQL statement on either: every todo with every column as stored (as text, in UTC), the
 * counts, the migrations recorded, and the host's tables. Same query, same text: equal data.
 */
export interface Everything {
  readonly todos: readonly string[];
  readonly counts: readonly string[];
  readonly migrations: readonly string[];
  readonly notes: readonly string[];
  readonly prefs: readonly string[];
  readonly notesSequence: string;
}

const rowsOf = (from: string, order: string) =>
  `coalesce((select json_agg(t::text order by ${order}) from ${from} as t), '[]'::json)`;

export const everythingSql = `select json_build_object(
  'todos', ${rowsOf(
    `(select id, list, title, completed, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as created_at,
             to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as updated_at,
             to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as due_at, position, search from todos)`,
    'id',
  )},
  'counts', ${rowsOf('todo_counts', 'list')},
  'migrations', ${rowsOf('(select hash, created_at from todo_widget.migrations)', 'created_at')},
  'notes', ${rowsOf(`(select id, body, tags, meta, blob, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as at from host.notes)`, 'id')},
  'prefs', ${rowsOf('public.host_prefs', 'key')},
  'notesSequence', (select last_value::text from host.notes_id_seq)
) as everything`;

/**
 * `count` todos of a 0.5 release's users over three lists (one more is added, then deleted),
 * and a host's own tables (exec()). The tests use 1,000; the carry-over bench more.
 */
export const fixtureSqlFor = (count: number) => `
insert into todos (id, list, title, completed, created_at, updated_at, due_at, position)
select ('01900000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid,
       (array['home', 'work', 'Einkäufe'])[1 + i % 3],
       case when i % 5 = 0 then 'Café crème ' || i when i % 7 = 0 then 'Straße Łódź ' || i else 'Todo ' || i end,
       i % 4 = 0,
       timestamptz '2026-03-01 08:00:00+00' + i * interval '1 minute 7.123456 seconds',
       timestamptz '2026-03-01 08:00:00+00' + i * interval '1 minute 7.123456 seconds',
       case when i % 10 = 0 then timestamptz '2026-04-01 00:00:00+00' + i * interval '1 hour' end,
       -- a manual order: every third row moved between two others (a fraction), as Move does
       case when i % 3 = 0 then i / 3 + 0.5 else i / 3 end
  from generate_series(1, ${count + 1}) as i;
update todos set title = 'Renamed: café au lait ✓', updated_at = timestamptz '2026-05-05 05:05:05.5+00'
 where id = '01900000-0000-7000-8000-000000000042';
delete from todos where id = '01900000-0000-7000-8000-000000000077';
create schema host;
create table host.notes (id serial primary key, body text not null, tags text[], meta jsonb, blob bytea, at timestamptz default now());
insert into host.notes (body, tags, meta, blob, at) values
  ('first note', '{a,b}', '{"n": 1, "é": [true, null]}', '\\x00ff10', '2026-02-02 02:02:02+00'),
  ('second — with "quotes" and a tab\t', null, null, null, '2026-02-03 02:02:02+00');
create table public.host_prefs (key text primary key, value jsonb not null);
insert into public.host_prefs values ('theme', '"dark"'), ('sort', '{"by": "position"}');
create index host_notes_body on host.notes (body);
`;

export const fixtureSql = fixtureSqlFor(1000);
