-- torc store schema, version 2, for PostgreSQL: runners, the attempts they run, and workflow
-- cancellation, as ../sqlite/V2__runners.sql.

CREATE TABLE runner (
  id            BIGSERIAL PRIMARY KEY,
  workflow_id   BIGINT NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  host          TEXT   NOT NULL,
  pid           BIGINT NOT NULL,
  process_start TEXT,                                          -- ISO-8601 instant, exact; NULL if unknown
  started_at    BIGINT NOT NULL,
  heartbeat_at  BIGINT NOT NULL,
  stopped_at    BIGINT                                         -- NULL while the runner is active
);
CREATE INDEX runner_by_workflow ON runner (workflow_id, id);

-- The attempt under way of a pending or running job: the runner that claimed it, and once running
-- the process that runs it and when it started. All NULL in every other status (and for a job
-- claimed without a runner).
ALTER TABLE job ADD COLUMN runner_id BIGINT REFERENCES runner (id);
ALTER TABLE job ADD COLUMN process_host TEXT;
ALTER TABLE job ADD COLUMN process_pid BIGINT;
ALTER TABLE job ADD COLUMN process_start TEXT;                -- ISO-8601 instant, exact
ALTER TABLE job ADD COLUMN started_at BIGINT;

-- workflow.status, reserved by version 1, now holds 'canceled' from a cancel until the next reset
-- or reinitialize, and NULL otherwise.
