-- torc store schema for PostgreSQL: as ../sqlite/V7__slurm.sql, Slurm scheduler configurations
-- get ids of their own, and allocations are recorded with the workers that run inside them.

ALTER TABLE slurm_scheduler ADD COLUMN id BIGSERIAL UNIQUE;

CREATE TABLE slurm_allocation (
  id             BIGSERIAL PRIMARY KEY,
  workflow_id    BIGINT  NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
  scheduler_id   BIGINT,                                       -- NULL once that config is deleted
  scheduler_name TEXT    NOT NULL,
  slurm_job_id   TEXT    NOT NULL,
  state          TEXT    NOT NULL,
  num_nodes      INTEGER NOT NULL,
  submitted_at   BIGINT  NOT NULL,
  started_at     BIGINT,
  ended_at       BIGINT
);
CREATE INDEX slurm_allocation_by_workflow ON slurm_allocation (workflow_id, id);

CREATE TABLE slurm_worker (
  allocation_id BIGINT NOT NULL REFERENCES slurm_allocation (id) ON DELETE CASCADE,
  host          TEXT   NOT NULL,
  pid           BIGINT NOT NULL,
  PRIMARY KEY (allocation_id, host, pid)
);
