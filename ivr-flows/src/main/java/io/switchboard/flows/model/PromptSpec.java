package io.switchboard.flows.model;

import java.util.List;

/**
 * A prompt as written in a node or the library: a list of parts.
 *
 * @param label how Play commands name it: library ids joined with '+', or {@code node.field}
 */
public record PromptSpec(String label, List<PromptPart> parts) {
  public PromptSpec {
    parts = List.copyOf(parts);
  }
}
