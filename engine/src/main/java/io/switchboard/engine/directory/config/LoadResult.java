package io.switchboard.engine.directory.config;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DirectoryFileLoader} gives back: the configuration, or every error of the file.
 * Never both: a file with one error yields no configuration, so a broken file never replaces a
 * working directory.
 */
public sealed interface LoadResult {

  /** The file is valid. */
  record Loaded(DirectoryConfiguration configuration) implements LoadResult {
    public Loaded {
      Objects.requireNonNull(configuration, "configuration");
    }
  }

  /**
   * The file is not valid.
   *
   * @param errors all errors, in file order
   */
  record Failed(List<ConfigError> errors) implements LoadResult {
    public Failed {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a failed load has at least one error");
      }
    }

    /** The errors, one {@code file:line:column: message} per line. */
    public String report() {
      StringBuilder sb = new StringBuilder();
      for (ConfigError error : errors) {
        sb.append(error).append('\n');
      }
      return sb.toString();
    }
  }
}
