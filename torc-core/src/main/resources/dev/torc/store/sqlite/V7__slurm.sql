-- torc store schema: Slurm scheduler configurations get ids of their own (so that they can be
-- read, changed and deleted one at a time), and the allocations submitted for a workflow are
-- recorded with the workers that run inside them. Same meaning as ../postgresql/V7__slurm.sql.

CREATE TABLE slurm_scheduler_v7 (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  config      TEXT    NOT NULL,                                -- JSON object
  UNIQUE (workflow_id, name)
);
INSERT INTO slurm_scheduler_v7 (workflow_id, position, name, config)
  SELECT workflow_id, position, name, config FROM slurm_scheduler ORDER BY workflow_id, position;
DROP TABLE slurm_scheduler;
ALTER TABLE slurm_scheduler_v7 RENAME TO slurm_scheduler;

-- One Slurm allocation (sbatch job) submitted for a workflow. state is Slurm's job state as last
-- seen (PENDING, RUNNING, COMPLETED, CANCELLED, NODE_FAIL, ...); ended_at is set once it ended.
CREATE TABLE slurm_allocation (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id    INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  scheduler_id   INTEGER,                                      -- NULL once that config is deleted
  scheduler_name TEXT    NOT NULL,
  slurm_job_id   TEXT    NOT NULL,
  state          TEXT    NOT NULL,
  num_nodes      INTEGER NOT NULL,
  submitted_at   INTEGER NOT NULL,
  started_at     INTEGER,
  ended_at       INTEGER
);
CREATE INDEX slurm_allocation_by_workflow ON slurm_allocation (workflow_id, id);

-- The worker processes (runners) that ran inside an allocation: when it is gone, their jobs are
-- lost.
CREATE TABLE slurm_worker (
  allocation_id INTEGER NOT NULL REFERENCES slurm_allocation (id) ON DELETE CASCADE,
  host          TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  PRIMARY KEY (allocation_id, host, pid)
);
