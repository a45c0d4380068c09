CREATE TABLE "todos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"list" text DEFAULT 'default' NOT NULL,
	"title" text NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "todos_title_length" CHECK (char_length(btrim("todos"."title")) between 1 and 1000),
	CONSTRAINT "todos_list_not_empty" CHECK (char_length("todos"."list") between 1 and 200)
);
--> statement-breakpoint
CREATE INDEX "todos_list_completed_id_idx" ON "todos" USING btree ("list","completed","id");--> statement-breakpoint
CREATE INDEX "todos_list_id_idx" ON "todos" USING btree ("list","id");