package dev.torc.cli;

import dev.torc.TorcException;

/** Input on the command line that names nothing usable, such as an unknown workflow id. */
final class InvalidInputException extends TorcException {
  private static final long serialVersionUID = 1L;

  InvalidInputException(String message) {
    super(message);
  }
}
