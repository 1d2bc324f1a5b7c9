package io.switchboard.media;

/**
 * Why a media command did not get an answer from FreeSWITCH. A {@code -ERR} answer is not an
 * exception (see {@link CommandResult}); these are failures of the bridge or of the request.
 */
public abstract sealed class MediaBridgeException extends RuntimeException {

  protected MediaBridgeException(String message) {
    super(message);
  }

  protected MediaBridgeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The command carries a value that cannot be sent safely; nothing was sent. */
  public static final class InvalidCommand extends MediaBridgeException {
    public InvalidCommand(String message) {
      super(message);
    }
  }

  /** No authenticated connection to the node now (connecting, reconnecting, or unknown node). */
  public static final class NodeUnavailable extends MediaBridgeException {
    public NodeUnavailable(String message) {
      super(message);
    }
  }

  /** The connection was lost before the answer came; the command may or may not have run. */
  public static final class ConnectionLost extends MediaBridgeException {
    public ConnectionLost(String message) {
      super(message);
    }
  }

  /** No answer within the configured time; the command may or may not have run. */
  public static final class Timeout extends MediaBridgeException {
    public Timeout(String message) {
      super(message);
    }
  }

  /** Too many commands waiting to be written to the node; nothing was sent. */
  public static final class Overloaded extends MediaBridgeException {
    public Overloaded(String message) {
      super(message);
    }
  }
}
