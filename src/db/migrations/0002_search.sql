-- Full-text search over titles (issue 19 §1). Custom SQL: drizzle-kit cannot express a function
-- or a generated tsvector column. None of it is declared in schema.ts on purpose: rows and the
-- Todo type never carry the tsvector across the worker boundary. Self-contained: it may be
-- renumbered by renaming the file (and its journal tag).
--
-- The normaliser folds case and accents ("Café" = "cafe"; "Łódź" = "lodz"; "ß" = "ss") with
-- built-in immutable functions only (Unicode NFD, then the combining marks removed), not the
-- `unaccent` extension: that is a bundle PGlite fetches at every start, and a database whose
-- column called it could take no write on a start where the fetch failed, nor be migrated by a
-- newer tab through an older leader that never loaded it. src/internal/highlight.ts folds the
-- same way in the page. Accents of scripts NFD does not decompose (e.g. "ø", "ł") are mapped.
CREATE OR REPLACE FUNCTION public.todo_search_text(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT replace(replace(replace(translate(
      regexp_replace(normalize(lower($1), NFD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g'),
      'øłđħıŧ', 'oldhit'), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe')
  $$;
--> statement-breakpoint
-- `simple`: no stemming and no stop words, so words of every language are found as typed.
ALTER TABLE "todos" ADD COLUMN IF NOT EXISTS "search" tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, public.todo_search_text("title"))) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "todos_search_idx" ON "todos" USING gin ("search");
