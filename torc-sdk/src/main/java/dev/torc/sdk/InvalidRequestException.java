package dev.torc.sdk;

import dev.torc.TorcException;

/**
 * A request that names nothing usable or asks for what is not allowed: an unknown id, a job of
 * another workflow, a value out of bounds. Nothing was changed.
 */
public class InvalidRequestException extends TorcException {
  private static final long serialVersionUID = 1L;

  /**
   * A refused request.
   *
   * @param message what is wrong, in one line for the user
   */
  public InvalidRequestException(String message) {
    super(message);
  }
}
