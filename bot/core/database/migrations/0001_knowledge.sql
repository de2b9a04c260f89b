-- The knowledge, its audit log and the unanswered queue (issue 16).
--
-- The knowledge is stored as the folder's files, taken apart where curators work: every facts
-- file is a row of `knowledge_files` holding the text around its facts, and every fact a row of
-- `facts` holding its own lines as written (so an export is byte for byte the folder it came
-- from, for every fact nobody changed) and its fields as JSON (so it can be queried). Articles,
-- ties, entities, intents and language files are one row each, their text as written.
-- `knowledge_state` is one row: its lock serialises every change, and its revision grows by one
-- with each, so a process can tell what it has missed.

CREATE TABLE knowledge_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision bigint NOT NULL DEFAULT 0,
    epoch uuid NOT NULL DEFAULT gen_random_uuid(),  -- a new one with every whole-folder import
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO knowledge_state DEFAULT VALUES;

CREATE TABLE knowledge_files (
    path text PRIMARY KEY CHECK (path ~ '^(ties|entities|intents)\.yaml$|^(articles|facts|language)/[^/]+\.yaml$'),
    kind text NOT NULL CHECK (kind IN ('ties', 'entities', 'intents', 'article', 'language', 'facts')),
    head text NOT NULL,            -- a facts file: its text before the first fact; any other: all of it
    tail text NOT NULL DEFAULT '', -- a facts file: its text after the last fact
    content jsonb,                 -- any other file: its parsed YAML, for queries (the text is what is served)
    revision bigint NOT NULL       -- the knowledge revision that last changed it (or one of its facts)
);

CREATE TABLE facts (
    id text PRIMARY KEY,
    file text NOT NULL REFERENCES knowledge_files (path) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    lead text NOT NULL,            -- blank lines and comments between the previous fact and this one
    body text NOT NULL,            -- the fact's lines as written (`  - id: ...`)
    content jsonb NOT NULL,        -- its fields, parsed from body
    status text NOT NULL CHECK (status IN ('approved', 'draft')),
    tie text,
    intent text,
    version integer NOT NULL DEFAULT 1, -- grows by one with every change to its lines
    revision bigint NOT NULL,
    UNIQUE (file, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX facts_tie ON facts (tie);

CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,        -- the entry's number, which an undo's `undoes` names
    revision bigint NOT NULL,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    fact_id text NOT NULL,
    file text NOT NULL,
    entry json NOT NULL            -- the whole entry as the folder's audit.jsonl holds it (json keeps
                                   -- the order of a fact's fields, which an undo writes back)
);
CREATE INDEX audit_log_fact ON audit_log (fact_id, seq);

CREATE TABLE unanswered (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    question text NOT NULL,
    key text NOT NULL,             -- the normalised words the queue groups by
    declined boolean NOT NULL,
    confidence double precision NOT NULL,
    intent text,
    handled_at timestamptz,        -- a curator taught it to a fact, or said no fact answers it
    taught text
);
CREATE INDEX unanswered_open ON unanswered (at DESC) WHERE handled_at IS NULL;
CREATE INDEX unanswered_open_key ON unanswered (key) WHERE handled_at IS NULL;
