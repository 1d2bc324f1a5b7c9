package io.switchboard.engine.directory.config;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in a directory file, located at a line and column (1-based) so that editors and
 * terminals can jump to it. Its {@link #toString()} is the conventional {@code
 * file:line:column: message}; the message starts with the YAML path of the offending value and
 * names the value and the fix.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong and how to fix it
 */
public record ConfigError(String file, int line, int column, String message) {

  /** File order: line, then column, then message. */
  public static final Comparator<ConfigError> IN_FILE_ORDER =
      Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column).thenComparing(ConfigError::message);

  public ConfigError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
