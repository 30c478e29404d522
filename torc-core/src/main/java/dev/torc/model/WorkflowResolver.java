package dev.torc.model;

/** Expands templates, resolves dependencies and validates a workflow under construction. */
final class WorkflowResolver {
  private WorkflowResolver() {}

  static Workflow resolve(Workflow.Builder builder) {
    // Work in progress: expansion, dependency resolution and validation land in the next commit.
    return new Workflow(builder, builder.jobs, builder.files, builder.userData);
  }
}
