package io.switchboard.flows.model;

import java.util.List;
import java.util.Map;

/**
 * Sets variables and/or the call's language.
 *
 * @param variables name -> value, in file order
 * @param language the new language, or null
 */
public record SetNode(String id, Map<String, String> variables, String language, String next) implements Node {
  public SetNode {
    variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
  }

  @Override
  public String type() {
    return "set";
  }

  @Override
  public List<Edge> edges() {
    return next == null ? List.of() : List.of(new Edge("next", next, true, pointer() + "/next"));
  }
}
