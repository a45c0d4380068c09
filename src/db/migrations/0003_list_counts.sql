CREATE TABLE "todo_counts" (
	"list" text PRIMARY KEY NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Written by hand below this line (drizzle-kit has no triggers): todo_counts is kept by the
-- database itself, so every write counts, whoever sends it (a transaction(), raw SQL, a tab of
-- the previous release through a newer leader or the other way round). Statement-level triggers
-- with transition tables: a toggle-all of 100,000 rows changes each list's row once, not 100,000 times.
CREATE FUNCTION "todo_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO "todo_counts" AS c ("list", "total", "completed")
		SELECT "list", count(*), count(*) FILTER (WHERE "completed") FROM "todo_counts_new" GROUP BY "list"
		ON CONFLICT ("list") DO UPDATE SET "total" = c."total" + excluded."total", "completed" = c."completed" + excluded."completed";
	ELSIF TG_OP = 'DELETE' THEN
		UPDATE "todo_counts" AS c SET "total" = c."total" - d."total", "completed" = c."completed" - d."completed"
		FROM (SELECT "list", count(*) AS "total", count(*) FILTER (WHERE "completed") AS "completed" FROM "todo_counts_old" GROUP BY "list") AS d
		WHERE c."list" = d."list";
	ELSE
		-- Rows may move between lists and flip: add what is there now, take away what was there.
		INSERT INTO "todo_counts" AS c ("list", "total", "completed")
		SELECT "list", sum("total"), sum("completed") FROM (
			SELECT "list", 1 AS "total", "completed"::int AS "completed" FROM "todo_counts_new"
			UNION ALL
			SELECT "list", -1, -("completed"::int) FROM "todo_counts_old"
		) AS d GROUP BY "list" HAVING sum("total") <> 0 OR sum("completed") <> 0
		ON CONFLICT ("list") DO UPDATE SET "total" = c."total" + excluded."total", "completed" = c."completed" + excluded."completed";
	END IF;
	RETURN NULL;
END
$body$;
--> statement-breakpoint
CREATE TRIGGER "todo_counts_insert" AFTER INSERT ON "todos" REFERENCING NEW TABLE AS "todo_counts_new"
	FOR EACH STATEMENT EXECUTE FUNCTION "todo_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "todo_counts_update" AFTER UPDATE ON "todos" REFERENCING OLD TABLE AS "todo_counts_old" NEW TABLE AS "todo_counts_new"
	FOR EACH STATEMENT EXECUTE FUNCTION "todo_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "todo_counts_delete" AFTER DELETE ON "todos" REFERENCING OLD TABLE AS "todo_counts_old"
	FOR EACH STATEMENT EXECUTE FUNCTION "todo_counts_apply"();
--> statement-breakpoint
CREATE FUNCTION "todo_counts_clear"() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
	DELETE FROM "todo_counts";
	RETURN NULL;
END
$body$;
--> statement-breakpoint
CREATE TRIGGER "todo_counts_truncate" AFTER TRUNCATE ON "todos" FOR EACH STATEMENT EXECUTE FUNCTION "todo_counts_clear"();
--> statement-breakpoint
-- The todos already there. The migration runs in one transaction that every other statement waits for, so none is missed or counted twice.
INSERT INTO "todo_counts" ("list", "total", "completed")
SELECT "list", count(*), count(*) FILTER (WHERE "completed") FROM "todos" GROUP BY "list";
--> statement-breakpoint
-- PGlite runs no autovacuum, hence no auto-analyze: without statistics the planner guessed a list
-- has 0.5% of the rows and sorted all 100,000 of a big one on disk for a window (see the leader's
-- vacuum policy, which analyzes again as lists grow).
ANALYZE "todos";
