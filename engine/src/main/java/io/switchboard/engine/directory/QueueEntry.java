package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * A queue as the directory knows it: the id that numbers and transfers point to, its name, and
 * an optional internal extension. Its routing policy and members belong to the Queue entity.
 *
 * @param extension internal extension that reaches the queue, or {@code null}
 */
public record QueueEntry(String id, String displayName, String extension) {

  public QueueEntry {
    Ids.require("queue", id);
    Objects.requireNonNull(displayName, "displayName");
    if (extension != null && User.extensionProblem(extension) != null) {
      throw new IllegalArgumentException(User.extensionProblem(extension));
    }
  }
}
