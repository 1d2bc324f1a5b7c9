package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * One reason why a command or a configuration value is refused: the field it concerns and a message
 * that names the offending value and the fix.
 *
 * <p>Created by the pure domains ({@link DirectoryDomain}, the queue policy validation) and read by
 * the adapters: an entity turns it into an error reply, the directory file loader maps {@link
 * #field()} back to a line and column. Immutable and thread-safe.
 *
 * @param field the command or record component the problem is about (for example {@code
 *     "extension"}); never blank
 * @param message a complete sentence fragment naming the value and the fix
 */
public record Problem(String field, String message) {

  public Problem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
