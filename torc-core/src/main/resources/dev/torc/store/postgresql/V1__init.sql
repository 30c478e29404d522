-- torc store schema, version 1, for PostgreSQL: the tables of ../sqlite/V1__init.sql with the same
-- names, columns and meaning; ids come from sequences, flags are BOOLEAN.
-- Times are milliseconds since the epoch (UTC) unless the column says otherwise.
-- Job status is the numeric code of the original torc (see dev.torc.model.JobStatus).

CREATE TABLE workflow (
  id                         BIGSERIAL PRIMARY KEY,
  name                       TEXT    NOT NULL,
  "user"                     TEXT,
  description                TEXT,
  project                    TEXT,
  metadata                   TEXT    NOT NULL DEFAULT '{}',   -- JSON object
  parameters                 TEXT    NOT NULL DEFAULT '{}',   -- JSON object
  slurm_defaults             TEXT    NOT NULL DEFAULT '{}',   -- JSON object
  run_id                     INTEGER NOT NULL DEFAULT 1,
  created_at                 BIGINT  NOT NULL,
  use_pending_failed         BOOLEAN NOT NULL DEFAULT FALSE,
  rm_enabled                 BOOLEAN NOT NULL,
  rm_granularity             TEXT    NOT NULL,
  rm_sample_interval_seconds DOUBLE PRECISION NOT NULL,
  jobs_sort_method           TEXT    NOT NULL,
  status                     TEXT                            -- reserved for workflow-level state
);

CREATE TABLE job (
  id                             BIGSERIAL PRIMARY KEY,
  workflow_id                    BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  name                           TEXT    NOT NULL,
  command                        TEXT,                        -- NULL for a Java task
  invocation_script              TEXT,
  status                         INTEGER NOT NULL,
  attempt_id                     INTEGER NOT NULL DEFAULT 1,
  priority                       INTEGER NOT NULL DEFAULT 0,
  -- Dependencies that are not terminal yet; a blocked job with 0 here may become ready.
  unfinished_deps                INTEGER NOT NULL DEFAULT 0,
  rr_name                        TEXT    NOT NULL,
  num_cpus                       INTEGER NOT NULL,
  memory_bytes                   BIGINT  NOT NULL,
  memory_text                    TEXT    NOT NULL,
  num_gpus                       INTEGER NOT NULL,
  num_nodes                      INTEGER NOT NULL,
  runtime_seconds                BIGINT  NOT NULL,
  runtime_iso                    TEXT    NOT NULL,            -- ISO-8601 duration, exact
  failure_handler                TEXT,
  scheduler                      TEXT,
  cancel_on_blocking_job_failure BOOLEAN NOT NULL,
  supports_termination           BOOLEAN NOT NULL,
  UNIQUE (workflow_id, name)
);
-- Claiming: ready jobs of a workflow by priority desc, id asc.
CREATE INDEX job_claim ON job (workflow_id, status, priority DESC, id);

CREATE TABLE job_dependency (
  job_id            BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  depends_on_job_id BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, depends_on_job_id)
);
CREATE INDEX job_dependency_reverse ON job_dependency (depends_on_job_id, job_id);

CREATE TABLE file (
  id          BIGSERIAL PRIMARY KEY,
  workflow_id BIGINT NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  name        TEXT   NOT NULL,
  path        TEXT   NOT NULL,
  UNIQUE (workflow_id, name)
);

CREATE TABLE job_input_file (
  job_id  BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  file_id BIGINT NOT NULL REFERENCES file (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, file_id)
);
CREATE INDEX job_input_file_by_file ON job_input_file (file_id);

CREATE TABLE job_output_file (
  job_id  BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  file_id BIGINT NOT NULL REFERENCES file (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, file_id)
);
CREATE INDEX job_output_file_by_file ON job_output_file (file_id);

CREATE TABLE user_data (
  id          BIGSERIAL PRIMARY KEY,
  workflow_id BIGINT NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  name        TEXT   NOT NULL,
  data        TEXT   NOT NULL,                                 -- JSON value
  UNIQUE (workflow_id, name)
);

CREATE TABLE job_input_user_data (
  job_id       BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  user_data_id BIGINT NOT NULL REFERENCES user_data (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, user_data_id)
);
CREATE INDEX job_input_user_data_by_data ON job_input_user_data (user_data_id);

CREATE TABLE job_output_user_data (
  job_id       BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  user_data_id BIGINT NOT NULL REFERENCES user_data (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, user_data_id)
);
CREATE INDEX job_output_user_data_by_data ON job_output_user_data (user_data_id);

CREATE TABLE failure_handler (
  workflow_id BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  rules       TEXT    NOT NULL,                                -- JSON array of rules
  PRIMARY KEY (workflow_id, name)
);

CREATE TABLE slurm_scheduler (
  workflow_id BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  config      TEXT    NOT NULL,                                -- JSON object
  PRIMARY KEY (workflow_id, name)
);

CREATE TABLE result (
  id                BIGSERIAL PRIMARY KEY,
  job_id            BIGINT  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  workflow_id       BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  run_id            INTEGER NOT NULL,
  attempt_id        INTEGER NOT NULL,
  return_code       INTEGER NOT NULL,
  status            INTEGER NOT NULL,
  exec_time_minutes DOUBLE PRECISION NOT NULL,
  completion_time   TEXT    NOT NULL,                          -- ISO-8601 instant, exact
  peak_memory_bytes BIGINT,
  avg_memory_bytes  BIGINT,
  peak_cpu_percent  DOUBLE PRECISION,
  avg_cpu_percent   DOUBLE PRECISION,
  UNIQUE (job_id, run_id, attempt_id)
);
CREATE INDEX result_by_workflow ON result (workflow_id, id);

CREATE TABLE event (
  id          BIGSERIAL PRIMARY KEY,
  workflow_id BIGINT NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  ts          BIGINT NOT NULL,
  kind        TEXT   NOT NULL,
  job_id      BIGINT,
  message     TEXT   NOT NULL
);
CREATE INDEX event_by_workflow ON event (workflow_id, id);
