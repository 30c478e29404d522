-- Whether a run writes the workflow's resource-plot page when it ends (resource_monitor.generate_plots),
-- kept so that a later run of the stored workflow writes it too.
ALTER TABLE workflow ADD COLUMN rm_generate_plots INTEGER NOT NULL DEFAULT 0;
