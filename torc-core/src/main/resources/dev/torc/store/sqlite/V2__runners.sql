-- torc store schema, version 2: runners, the attempts they run, and workflow cancellation.
-- Applied on top of version 1; databases written by version 1 keep their data.

CREATE TABLE runner (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id   INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  host          TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  process_start TEXT,                                          -- ISO-8601 instant, exact; NULL if unknown
  started_at    INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL,
  stopped_at    INTEGER                                        -- NULL while the runner is active
);
CREATE INDEX runner_by_workflow ON runner (workflow_id, id);

-- The attempt under way of a pending or running job: the runner that claimed it, and once running
-- the process that runs it and when it started. All NULL in every other status (and for a job
-- claimed without a runner).
ALTER TABLE job ADD COLUMN runner_id INTEGER REFERENCES runner (id);
ALTER TABLE job ADD COLUMN process_host TEXT;
ALTER TABLE job ADD COLUMN process_pid INTEGER;
ALTER TABLE job ADD COLUMN process_start TEXT;                -- ISO-8601 instant, exact
ALTER TABLE job ADD COLUMN started_at INTEGER;

-- workflow.status, reserved by version 1, now holds 'canceled' from a cancel until the next reset
-- or reinitialize, and NULL otherwise.
