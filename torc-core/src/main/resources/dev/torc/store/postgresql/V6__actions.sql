-- torc store schema, version 6: workflow actions and the record of their firings.
-- Applied on top of the previous version; databases written by earlier versions keep their data.

-- A workflow's actions in spec order: the action as a spec writes it (JSON), and the ids of the
-- jobs a job trigger waits for (JSON list; empty for other triggers).
CREATE TABLE workflow_action (
  workflow_id BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  config      TEXT    NOT NULL,
  job_ids     TEXT    NOT NULL,
  PRIMARY KEY (workflow_id, position)
);

-- One row per firing; the key makes a firing happen once: runner_id is 0 for an action that fires
-- once per run, the firing runner's id for a persistent one.
CREATE TABLE action_firing (
  workflow_id BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  run_id      INTEGER NOT NULL,
  runner_id   BIGINT  NOT NULL,
  fired_at    BIGINT  NOT NULL,
  PRIMARY KEY (workflow_id, position, run_id, runner_id)
);
