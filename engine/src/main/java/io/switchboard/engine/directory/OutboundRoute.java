package io.switchboard.engine.directory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which gateways carry calls to destinations matching a pattern, in order: the first is tried
 * first, the others are fallbacks when it fails. Routes are evaluated in order and the first whose
 * pattern matches the E.164 destination applies.
 *
 * @param pattern destination pattern, e.g. {@code +1*} or {@code +44*}
 * @param gatewayIds gateways in the order they are tried, without repetition
 */
public record OutboundRoute(NumberPattern pattern, List<String> gatewayIds) {

  public OutboundRoute {
    Objects.requireNonNull(pattern, "pattern");
    gatewayIds = gatewayIds == null ? List.of() : List.copyOf(gatewayIds);
    if (gatewayIds.isEmpty()) {
      throw new IllegalArgumentException("outbound route " + pattern + " lists no gateway; give at least one");
    }
    if (new LinkedHashSet<>(gatewayIds).size() != gatewayIds.size()) {
      throw new IllegalArgumentException("outbound route " + pattern + " lists a gateway twice: " + gatewayIds);
    }
  }
}
