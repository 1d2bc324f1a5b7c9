package io.switchboard.flows.directory;

import java.util.List;
import java.util.Optional;

/**
 * The runtime directory a running flow looks users up in (dial by extension, dial by name).
 *
 * <p>The engine implements it over its user entities; {@link StaticDirectory} implements it over a
 * directory file for the CLI and flow tests. Implementations must be safe to call from the thread
 * that steps the flow and must answer from memory (the flow step is synchronous).
 */
public interface Directory {

  /** A directory with no users. */
  Directory EMPTY = new Directory() {
    @Override
    public Optional<DirectoryUser> userByExtension(String extension) {
      return Optional.empty();
    }

    @Override
    public List<DirectoryUser> users() {
      return List.of();
    }
  };

  /** The user who has this extension, if any. */
  Optional<DirectoryUser> userByExtension(String extension);

  /** Every user that can be found by name. */
  List<DirectoryUser> users();
}
