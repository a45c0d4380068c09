-- IF NOT EXISTS (edited by hand): the migrator makes the schema first, for its own table "todo_sync.__drizzle_migrations".
CREATE SCHEMA IF NOT EXISTS "todo_sync";
--> statement-breakpoint
CREATE TABLE "todo_sync"."mutations" (
	"user_id" text NOT NULL,
	"mutation_id" uuid NOT NULL,
	"version" bigint NOT NULL,
	"result" jsonb NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutations_user_id_mutation_id_pk" PRIMARY KEY("user_id","mutation_id")
);
--> statement-breakpoint
CREATE TABLE "todo_sync"."todos" (
	"user_id" text NOT NULL,
	"id" uuid NOT NULL,
	"list" text NOT NULL,
	"title" text NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"position" numeric NOT NULL,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "todos_user_id_id_pk" PRIMARY KEY("user_id","id"),
	CONSTRAINT "todos_title_length" CHECK (char_length(btrim("todo_sync"."todos"."title")) between 1 and 1000),
	CONSTRAINT "todos_list_length" CHECK (char_length("todo_sync"."todos"."list") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "todo_sync"."users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "todos_user_version_idx" ON "todo_sync"."todos" USING btree ("user_id","version");--> statement-breakpoint
CREATE INDEX "todos_user_list_position_idx" ON "todo_sync"."todos" USING btree ("user_id","list","position","id");