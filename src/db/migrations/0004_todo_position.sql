ALTER TABLE "todos" ADD COLUMN "position" numeric;--> statement-breakpoint
CREATE INDEX "todos_list_position_id_idx" ON "todos" USING btree ("list","position","id");--> statement-breakpoint
-- Hand-written below (drizzle-kit makes neither): existing todos keep the order they had, their
-- creation order (UUIDv7 ids sort by it), as positions 1, 2, 3… per list.
UPDATE "todos" SET "position" = ordered.n
  FROM (SELECT "id", row_number() OVER (PARTITION BY "list" ORDER BY "id") AS n FROM "todos") AS ordered
  WHERE "todos"."id" = ordered."id";--> statement-breakpoint
-- A tab of the previous release inserts without a position for one more release: such a row
-- goes to the end of its list, as a new todo does (the repository's own inserts set it, so the
-- WHEN clause spares them the call).
CREATE FUNCTION "todo_widget"."todos_position_at_end"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."position" := coalesce((SELECT max(p."position") FROM "todos" AS p WHERE p."list" = NEW."list"), 0) + 1;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "todos_position_at_end" BEFORE INSERT ON "todos"
  FOR EACH ROW WHEN (NEW."position" IS NULL) EXECUTE FUNCTION "todo_widget"."todos_position_at_end"();
