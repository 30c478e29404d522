package dev.torc.slurm;

import dev.torc.run.RunException;

/**
 * Slurm refused or could not do what was asked: {@code sbatch} refused an allocation, or Slurm is
 * not installed here. The message is one line that says which.
 */
public class SlurmException extends RunException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal with this message.
   *
   * @param message one line saying what Slurm refused or lacked
   */
  public SlurmException(String message) {
    super(message);
  }
}
