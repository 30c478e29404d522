package dev.torc.model.internal;

/** Thrown when work on a workflow passes its budget; the message says which, in a user's words. */
public final class BudgetExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BudgetExceeded(String message) {
    super(message, null, false, false);
  }
}
