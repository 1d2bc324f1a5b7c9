package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * A flow (auto attendant) as the directory knows it: its id and the file it is loaded from. The
 * flow itself is compiled and validated by the IVR flow module.
 *
 * @param file path of the flow file, relative to the directory file or absolute
 */
public record FlowEntry(String id, String file) {

  public FlowEntry {
    Ids.require("flow", id);
    Objects.requireNonNull(file, "file");
    if (file.isBlank() || file.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("flow " + id + " has an empty or invalid file path");
    }
  }
}
