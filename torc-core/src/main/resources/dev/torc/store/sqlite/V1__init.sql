-- torc store schema, version 1.
-- Times are milliseconds since the epoch (UTC) unless the column says otherwise.
-- Job status is the numeric code of the original torc (see dev.torc.model.JobStatus).

CREATE TABLE workflow (
  id                         INTEGER PRIMARY KEY AUTOINCREMENT,
  name                       TEXT    NOT NULL,
  user                       TEXT,
  description                TEXT,
  project                    TEXT,
  metadata                   TEXT    NOT NULL DEFAULT '{}',   -- JSON object
  parameters                 TEXT    NOT NULL DEFAULT '{}',   -- JSON object
  slurm_defaults             TEXT    NOT NULL DEFAULT '{}',   -- JSON object
  run_id                     INTEGER NOT NULL DEFAULT 1,
  created_at                 INTEGER NOT NULL,
  use_pending_failed         INTEGER NOT NULL DEFAULT 0,
  rm_enabled                 INTEGER NOT NULL,
  rm_granularity             TEXT    NOT NULL,
  rm_sample_interval_seconds REAL    NOT NULL,
  jobs_sort_method           TEXT    NOT NULL,
  status                     TEXT                            -- reserved for workflow-level state
);

CREATE TABLE job (
  id                             INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id                    INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
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
  memory_bytes                   INTEGER NOT NULL,
  memory_text                    TEXT    NOT NULL,
  num_gpus                       INTEGER NOT NULL,
  num_nodes                      INTEGER NOT NULL,
  runtime_seconds                INTEGER NOT NULL,
  runtime_iso                    TEXT    NOT NULL,            -- ISO-8601 duration, exact
  failure_handler                TEXT,
  scheduler                      TEXT,
  cancel_on_blocking_job_failure INTEGER NOT NULL,
  supports_termination           INTEGER NOT NULL,
  UNIQUE (workflow_id, name)
);
-- Claiming: ready jobs of a workflow by priority desc, id asc.
CREATE INDEX job_claim ON job (workflow_id, status, priority DESC, id);

CREATE TABLE job_dependency (
  job_id            INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  depends_on_job_id INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, depends_on_job_id)
) WITHOUT ROWID;
CREATE INDEX job_dependency_reverse ON job_dependency (depends_on_job_id, job_id);

CREATE TABLE file (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  path        TEXT    NOT NULL,
  UNIQUE (workflow_id, name)
);

CREATE TABLE job_input_file (
  job_id  INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  file_id INTEGER NOT NULL REFERENCES file (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, file_id)
) WITHOUT ROWID;
CREATE INDEX job_input_file_by_file ON job_input_file (file_id);

CREATE TABLE job_output_file (
  job_id  INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  file_id INTEGER NOT NULL REFERENCES file (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, file_id)
) WITHOUT ROWID;
CREATE INDEX job_output_file_by_file ON job_output_file (file_id);

CREATE TABLE user_data (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  data        TEXT    NOT NULL,                                -- JSON value
  UNIQUE (workflow_id, name)
);

CREATE TABLE job_input_user_data (
  job_id       INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  user_data_id INTEGER NOT NULL REFERENCES user_data (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, user_data_id)
) WITHOUT ROWID;
CREATE INDEX job_input_user_data_by_data ON job_input_user_data (user_data_id);

CREATE TABLE job_output_user_data (
  job_id       INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  user_data_id INTEGER NOT NULL REFERENCES user_data (id) ON DELETE CASCADE,
  PRIMARY KEY (job_id, user_data_id)
) WITHOUT ROWID;
CREATE INDEX job_output_user_data_by_data ON job_output_user_data (user_data_id);

CREATE TABLE failure_handler (
  workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  rules       TEXT    NOT NULL,                                -- JSON array of rules
  PRIMARY KEY (workflow_id, name)
);

CREATE TABLE slurm_scheduler (
  workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  config      TEXT    NOT NULL,                                -- JSON object
  PRIMARY KEY (workflow_id, name)
);

CREATE TABLE result (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id            INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
  workflow_id       INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  run_id            INTEGER NOT NULL,
  attempt_id        INTEGER NOT NULL,
  return_code       INTEGER NOT NULL,
  status            INTEGER NOT NULL,
  exec_time_minutes REAL    NOT NULL,
  completion_time   TEXT    NOT NULL,                          -- ISO-8601 instant, exact
  peak_memory_bytes INTEGER,
  avg_memory_bytes  INTEGER,
  peak_cpu_percent  REAL,
  avg_cpu_percent   REAL,
  UNIQUE (job_id, run_id, attempt_id)
);
CREATE INDEX result_by_workflow ON result (workflow_id, id);

CREATE TABLE event (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  ts          INTEGER NOT NULL,
  kind        TEXT    NOT NULL,
  job_id      INTEGER,
  message     TEXT    NOT NULL
);
CREATE INDEX event_by_workflow ON event (workflow_id, id);
