-- torc store schema, version 4, for PostgreSQL: a workflow's recovery configuration, as
-- ../sqlite/V4__recovery_config.sql.

-- The spec's classification_rules and recovery_policy as JSON (RecoveryConfig.toPlain());
-- NULL when the workflow has neither.
ALTER TABLE workflow ADD COLUMN recovery_config TEXT;

-- A job's fallback commands as a JSON list (NULL for none), and the command its next attempt runs
-- instead of its own when a retry chose a fallback (NULL for its own); resets clear it.
ALTER TABLE job ADD COLUMN fallback_commands TEXT;
ALTER TABLE job ADD COLUMN command_override TEXT;

-- What the analysis of each failed attempt found (dev.torc.store.FailureInfo), oldest first.
CREATE TABLE failure_record (
  id                    BIGSERIAL PRIMARY KEY,
  workflow_id           BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  job_id                BIGINT  NOT NULL,
  run_id                INTEGER NOT NULL,
  attempt_id            INTEGER NOT NULL,
  cause                 TEXT    NOT NULL,
  signature             TEXT,
  evidence              TEXT,
  confidence            DOUBLE PRECISION NOT NULL,
  exit_code             INTEGER NOT NULL,
  signal                INTEGER,
  peak_memory_bytes     BIGINT,
  memory_limit_bytes    BIGINT,
  runtime_seconds       DOUBLE PRECISION,
  runtime_limit_seconds DOUBLE PRECISION,
  slurm_state           TEXT,
  UNIQUE (job_id, run_id, attempt_id)
);
CREATE INDEX failure_record_by_workflow ON failure_record (workflow_id, job_id);

-- Recovery policies' durable state (such as circuit breakers), one JSON value per key.
CREATE TABLE policy_state (
  workflow_id BIGINT NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  key         TEXT   NOT NULL,
  json        TEXT   NOT NULL,
  PRIMARY KEY (workflow_id, key)
);
