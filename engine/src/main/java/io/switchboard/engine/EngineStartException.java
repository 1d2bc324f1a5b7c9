package io.switchboard.engine;

/**
 * The engine could not start (a port in use, a bad setting). The message is one line naming the
 * problem and the fix. Thrown by {@link Engine#start}; the {@code run} command prints it and exits.
 */
public final class EngineStartException extends RuntimeException {

  /** Creates the exception with a complete, user-facing message and its cause. */
  public EngineStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
