package dev.torc.model;

/** How a template with several parameters expands. */
public enum ParameterMode {
  /** Every combination of the parameters' values (the Cartesian product). */
  PRODUCT,
  /** The i-th value of every parameter together; all parameters must have equally many values. */
  ZIP
}
