package io.switchboard.engine.directory;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Loads the directory file again and applies what changed (the engine implements it; the HTTP API
 * calls it). A file with errors, or a flow of it that cannot run, changes nothing.
 *
 * <p>Implementations run one reload at a time and are thread-safe.
 */
@FunctionalInterface
public interface DirectoryReload {

  /** Reloads; the stage fails only on an internal error (an entity that did not answer). */
  CompletionStage<Result> reload();

  /** The outcome of a reload. */
  sealed interface Result {}

  /**
   * The file was applied.
   *
   * @param directoryChanges the directory commands journaled (0: the directory was up to date)
   * @param flowsDeployed flows whose current version changed
   * @param flowsKept flows whose file has errors, each still running its previous version
   * @param flowsRetired flows no longer in the directory
   */
  record Applied(int directoryChanges, List<String> flowsDeployed, List<String> flowsKept, List<String> flowsRetired)
      implements Result {
    public Applied {
      flowsDeployed = List.copyOf(flowsDeployed);
      flowsKept = List.copyOf(flowsKept);
      flowsRetired = List.copyOf(flowsRetired);
    }
  }

  /** Nothing changed: {@code errors} lists every problem, {@code file:line:column: message}. */
  record Refused(String summary, List<String> errors) implements Result {
    public Refused {
      errors = List.copyOf(errors);
    }
  }

  /** No directory file is configured; there is nothing to reload. */
  record NotConfigured() implements Result {}
}
