package dev.torc.ai.internal;

/** A tool call the server refuses: its message goes back to the client as the error result. */
public final class ToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }
}
