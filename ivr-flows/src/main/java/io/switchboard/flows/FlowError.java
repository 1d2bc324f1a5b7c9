package io.switchboard.flows;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a flow, flow test or directory file, located at a line and column.
 *
 * <p>Created by the compiler, the directory loader and the flow test runner; immutable and safe
 * to share between threads. Its {@link #toString()} is the {@code file:line:column: message
 * [class]} line printed by {@code switchboard flow validate}.
 *
 * @param file the file name as given by the caller (a path or a resource name)
 * @param line 1-based line
 * @param column 1-based column
 * @param errorClass what kind of problem it is; documented in ivr-flows/README.md
 * @param message what is wrong, naming the offending value and the fix
 */
public record FlowError(String file, int line, int column, ErrorClass errorClass, String message)
    implements Comparable<FlowError> {

  private static final Comparator<FlowError> ORDER =
      Comparator.comparing(FlowError::file)
          .thenComparingInt(FlowError::line)
          .thenComparingInt(FlowError::column)
          .thenComparing(FlowError::message);

  public FlowError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  /** The position and message without the file name: {@code line:column: message [class]}. */
  public String located() {
    return line + ":" + column + ": " + message + " [" + errorClass.code() + "]";
  }

  @Override
  public String toString() {
    return file + ":" + located();
  }

  @Override
  public int compareTo(FlowError other) {
    return ORDER.compare(this, other);
  }
}
