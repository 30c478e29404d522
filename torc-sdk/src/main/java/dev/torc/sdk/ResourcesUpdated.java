package dev.torc.sdk;

import dev.torc.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's requirements before and after {@link Torc#updateJobResources}.
 *
 * @param jobId the job
 * @param before its requirements before
 * @param after its requirements now
 */
public record ResourcesUpdated(long jobId, ResourceRequirements before, ResourceRequirements after)
    implements JsonView {

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job_id", jobId);
    if (before.name() != null) {
      json.put("resource_requirements_id", before.name());
    }
    json.put("old", values(before));
    json.put("new", values(after));
    return json;
  }

  private static Map<String, Object> values(ResourceRequirements rr) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("num_cpus", rr.numCpus());
    json.put("memory", rr.memory().text());
    json.put("runtime", rr.runtime().toString());
    return json;
  }
}
