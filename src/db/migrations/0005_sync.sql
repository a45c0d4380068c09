CREATE TABLE "sync_queue" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"mutation" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"cursor" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
-- Written by hand below this line (drizzle-kit has no triggers): while sync is on (a sync_state
-- row), every write to todos is recorded in sync_queue as the protocol's mutations, in the same
-- transaction, whoever sends it (a tab's query or transaction(), an import, an undo, a tab of the
-- previous release). Writes the leader applies from the server set todo_widget.sync_applying and
-- are not recorded. Statement-level: a Mark all of 10,000 rows is one trigger call.
CREATE FUNCTION "todo_sync_put"(t "todos") RETURNS jsonb LANGUAGE sql IMMUTABLE AS $body$
	SELECT jsonb_build_object('id', t."id", 'list', t."list", 'title', t."title", 'completed', t."completed",
		'position', t."position"::text, 'dueAt', to_jsonb(t."due_at"))
$body$;
--> statement-breakpoint
CREATE FUNCTION "todo_sync_record"() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
	IF current_setting('todo_widget.sync_applying', true) = 'on' OR NOT EXISTS (SELECT 1 FROM "sync_state") THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		INSERT INTO "sync_queue" ("mutation")
		SELECT jsonb_build_object('id', gen_random_uuid(), 'kind', 'put', 'todo', "todo_sync_put"(n))
		FROM "todo_sync_new" AS n ORDER BY n."id";
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO "sync_queue" ("mutation")
		SELECT jsonb_build_object('id', gen_random_uuid(), 'kind', 'delete', 'todoIds', jsonb_agg(o."id" ORDER BY o."id"))
		FROM "todo_sync_old" AS o HAVING count(*) > 0;
	ELSE
		-- A todo moved to another list or given another date is sent whole; otherwise each field
		-- that changed is its own mutation, so concurrent edits of different fields on two devices
		-- both survive.
		INSERT INTO "sync_queue" ("mutation")
		SELECT m FROM "todo_sync_new" AS n JOIN "todo_sync_old" AS o ON o."id" = n."id",
		LATERAL (VALUES
			(1, CASE WHEN n."list" <> o."list" OR n."due_at" IS DISTINCT FROM o."due_at"
				THEN jsonb_build_object('id', gen_random_uuid(), 'kind', 'put', 'todo', "todo_sync_put"(n)) END),
			(2, CASE WHEN n."list" = o."list" AND n."due_at" IS NOT DISTINCT FROM o."due_at" AND n."title" <> o."title"
				THEN jsonb_build_object('id', gen_random_uuid(), 'kind', 'rename', 'todoId', n."id", 'title', n."title") END),
			(3, CASE WHEN n."list" = o."list" AND n."due_at" IS NOT DISTINCT FROM o."due_at" AND n."completed" <> o."completed"
				THEN jsonb_build_object('id', gen_random_uuid(), 'kind', 'setCompleted', 'todoId', n."id", 'completed', n."completed") END),
			(4, CASE WHEN n."list" = o."list" AND n."due_at" IS NOT DISTINCT FROM o."due_at" AND n."position" IS NOT NULL
				AND n."position" IS DISTINCT FROM o."position"
				THEN jsonb_build_object('id', gen_random_uuid(), 'kind', 'move', 'todoId', n."id", 'position', n."position"::text) END)
		) AS v(k, m)
		WHERE m IS NOT NULL ORDER BY n."id", v.k;
	END IF;
	RETURN NULL;
END
$body$;
--> statement-breakpoint
CREATE TRIGGER "todo_sync_insert" AFTER INSERT ON "todos" REFERENCING NEW TABLE AS "todo_sync_new"
	FOR EACH STATEMENT EXECUTE FUNCTION "todo_sync_record"();
--> statement-breakpoint
CREATE TRIGGER "todo_sync_update" AFTER UPDATE ON "todos" REFERENCING OLD TABLE AS "todo_sync_old" NEW TABLE AS "todo_sync_new"
	FOR EACH STATEMENT EXECUTE FUNCTION "todo_sync_record"();
--> statement-breakpoint
CREATE TRIGGER "todo_sync_delete" AFTER DELETE ON "todos" REFERENCING OLD TABLE AS "todo_sync_old"
	FOR EACH STATEMENT EXECUTE FUNCTION "todo_sync_record"();
