package io.switchboard.flows.internal.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed YAML file as a Jackson tree plus the source position of every value and key, addressed
 * by JSON pointer, so that schema and meaning errors can be reported at {@code line:column}.
 *
 * @param file the file name used in error messages
 * @param lines the source lines (for hints that depend on the raw text)
 * @param root the document as JSON
 * @param values pointer -> position of the value's first character
 * @param keys pointer -> position of the key that introduces the value
 * @param rawScalars pointer -> the scalar's text as written (keeps "007" distinct from 7)
 */
public record YamlDocument(
    String file,
    List<String> lines,
    JsonNode root,
    Map<String, Pos> values,
    Map<String, Pos> keys,
    Map<String, String> rawScalars) {

  /** Where the value at {@code pointer} starts; the nearest ancestor's position if unknown. */
  public Pos valuePos(String pointer) {
    String p = pointer;
    while (true) {
      Pos pos = values.get(p);
      if (pos != null) {
        return pos;
      }
      if (p.isEmpty()) {
        return Pos.START;
      }
      p = Pointers.parent(p);
    }
  }

  /** Where the key of the value at {@code pointer} starts, else where the value starts. */
  public Pos keyPos(String pointer) {
    Pos pos = keys.get(pointer);
    return pos != null ? pos : valuePos(pointer);
  }

  /** The value at {@code pointer}, if present. */
  public Optional<JsonNode> at(String pointer) {
    JsonNode node = root.at(pointer);
    return node.isMissingNode() ? Optional.empty() : Optional.of(node);
  }

  /** The scalar's source text, if the value at {@code pointer} is a scalar. */
  public Optional<String> raw(String pointer) {
    return Optional.ofNullable(rawScalars.get(pointer));
  }

  /** The source line (1-based), or "" past the end. */
  public String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
