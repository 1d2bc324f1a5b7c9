package io.switchboard.persistence;

/**
 * The embedded Cassandra node could not start. The first line of the message says what went wrong
 * and how to fix it; when the process died, the last lines of its log follow.
 *
 * <p>Thrown by {@link EmbeddedCassandra}; the {@code run} command prints the message and exits.
 */
public final class CassandraStartException extends RuntimeException {

  /** Creates the exception with a complete, user-facing message. */
  public CassandraStartException(String message) {
    super(message);
  }

  /** Creates the exception with a complete, user-facing message and its cause. */
  public CassandraStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
