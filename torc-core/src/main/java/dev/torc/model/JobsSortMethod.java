package dev.torc.model;

/** The order in which ready jobs of equal priority are offered to runners. */
public enum JobsSortMethod {
  /** By GPUs, then runtime, then memory, largest first. */
  GPUS_RUNTIME_MEMORY,
  /** By GPUs, then memory, then runtime, largest first. */
  GPUS_MEMORY_RUNTIME,
  /** In the order the jobs were defined. */
  NONE
}
