package dev.torc.store;

import dev.torc.model.WorkflowAction;
import java.util.List;

/**
 * An action as the store keeps it.
 *
 * @param index its position among the workflow's actions, from 0
 * @param action the action as the spec wrote it
 * @param jobIds the ids of the jobs a job trigger waits for (its names and regexes resolved); empty
 *     for other triggers
 */
public record StoredAction(int index, WorkflowAction action, List<Long> jobIds) {
  /**
   * Copies the job ids.
   *
   * @param index its position among the workflow's actions, from 0
   * @param action the action as the spec wrote it
   * @param jobIds the ids of the jobs a job trigger waits for (its names and regexes resolved);
   *     empty for other triggers
   */
  public StoredAction {
    jobIds = List.copyOf(jobIds);
  }
}
