package dev.torc.sdk;

import dev.torc.model.ResourceRequirements;
import dev.torc.store.JobRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ids the original torc shows beside a job: of the jobs it waits for ({@code
 * depends_on_job_ids}) and of its resource requirements ({@code resource_requirements_id}).
 *
 * <p>Requirements are stored with each job, so the id of a set of requirements is the lowest id of
 * the jobs of its workflow that run with exactly those requirements (same name and values): unique
 * across workflows, and the same in every listing while those jobs keep them. A job whose
 * requirements recovery changed gets an id of its own.
 */
public final class JobRefs {
  private final Map<String, Long> idsByName;
  private final Map<Long, Long> requirementsIds;
  private final Map<Long, ResourceRequirements> requirementsById;

  private JobRefs(
      Map<String, Long> idsByName,
      Map<Long, Long> requirementsIds,
      Map<Long, ResourceRequirements> requirementsById) {
    this.idsByName = idsByName;
    this.requirementsIds = requirementsIds;
    this.requirementsById = requirementsById;
  }

  /**
   * The references among these jobs: every job of one workflow.
   *
   * @param workflowJobs every job of the workflow
   * @return their references
   */
  public static JobRefs of(List<JobRecord> workflowJobs) {
    Map<String, Long> ids = new HashMap<>();
    Map<ResourceRequirements, Long> firstWith = new HashMap<>();
    Map<Long, Long> requirementsIds = new HashMap<>();
    Map<Long, ResourceRequirements> byId = new LinkedHashMap<>();
    workflowJobs.stream()
        .sorted(java.util.Comparator.comparingLong(JobRecord::id))
        .forEach(
            job -> {
              ids.put(job.name(), job.id());
              long id = firstWith.computeIfAbsent(job.requirements(), rr -> job.id());
              requirementsIds.put(job.id(), id);
              byId.putIfAbsent(id, job.requirements());
            });
    return new JobRefs(ids, requirementsIds, byId);
  }

  /**
   * The ids of the jobs this job waits for, in the order of its {@code depends_on}.
   *
   * @param job one of the jobs
   * @return the ids, without names that match no job
   */
  public List<Long> dependsOnIds(JobRecord job) {
    return job.dependsOn().stream().map(idsByName::get).filter(Objects::nonNull).toList();
  }

  /**
   * The id of the job's resource requirements.
   *
   * @param job one of the jobs
   * @return the id, or {@code null} for a job not among them
   */
  public Long requirementsId(JobRecord job) {
    return requirementsIds.get(job.id());
  }

  /**
   * Every distinct set of requirements of the workflow by its id, lowest id first.
   *
   * @return the requirements by id, unmodifiable
   */
  public Map<Long, ResourceRequirements> requirements() {
    return java.util.Collections.unmodifiableMap(requirementsById);
  }
}
