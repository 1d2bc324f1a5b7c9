package io.switchboard.engine.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of the readiness checks: per check, empty when it passed, or what is wrong.
 *
 * <p>Created by the engine's readiness probe for each {@code GET /ready}; rendered by
 * {@link HealthRoutes}. Immutable.
 *
 * @param checks check name to problem (empty when fine), in a stable order
 * @param notes what the node wants a reader of {@code /ready} to know beside the checks (the demo
 *     mode says its media node is a simulator), name to text; shown whether ready or not
 */
public record Readiness(Map<String, Optional<String>> checks, Map<String, String> notes) {

  public Readiness {
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  /** Checks without notes. */
  public Readiness(Map<String, Optional<String>> checks) {
    this(checks, Map.of());
  }

  /** True when every check passed. */
  public boolean ready() {
    return checks.values().stream().allMatch(Optional::isEmpty);
  }

  /** One line naming every failing check and why, for the problem's {@code detail}. */
  public String problems() {
    return checks.entrySet().stream()
        .filter(e -> e.getValue().isPresent())
        .map(e -> e.getKey() + ": " + e.getValue().orElseThrow())
        .collect(Collectors.joining("; "));
  }
}
