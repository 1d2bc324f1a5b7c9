package io.switchboard.engine.queue.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a queue chooses among its eligible agents. Every method is deterministic: ties are broken by
 * a documented total order, ending with the agent id (ascending).
 *
 * <p>Used by {@link QueuePolicy} and {@link Router}; an enum, so thread-safe.
 */
public enum RoutingMethod {
  /**
   * Attendant routing, a.k.a. ring-all: every eligible agent is alerted at once; the first answer
   * (in event order, equal instants by agent id) wins and the other legs are cancelled.
   */
  ATTENDANT("attendant"),
  /**
   * Serial: agents are tried one by one in their serial order (then agent id), from the top of the
   * list for every call.
   */
  SERIAL("serial"),
  /**
   * Round robin: agents take turns in serial order (then agent id); each call starts after the
   * agent offered the previous call.
   */
  ROUND_ROBIN("round-robin"),
  /** Longest idle: the agent idle for the longest time (earliest idle-since, then agent id). */
  LONGEST_IDLE("longest-idle"),
  /**
   * Skills-based: only agents with every required skill at the required level; the lowest
   * (best) priority tier that has such an agent; within it the highest total skill level, then
   * longest idle, then agent id.
   */
  SKILLS("skills");

  private final String configName;

  RoutingMethod(String configName) {
    this.configName = configName;
  }

  /** The name used in the directory file, for example {@code longest-idle}. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a configuration name; {@code ring-all} is accepted for {@link #ATTENDANT}.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static RoutingMethod fromConfigName(String name) {
    String normalised = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (normalised.equals("ring-all")) {
      return ATTENDANT;
    }
    for (RoutingMethod method : values()) {
      if (method.configName.equals(normalised)) {
        return method;
      }
    }
    String hyphenated = normalised.replace('_', '-').replace(' ', '-');
    for (RoutingMethod method : values()) {
      if (method.configName.equals(hyphenated)) {
        throw new IllegalArgumentException(
            "routing method \"" + name + "\" is unknown; did you mean " + method.configName + "?");
      }
    }
    throw new IllegalArgumentException(
        "routing method \"" + name + "\" is unknown; use one of " + acceptedNames());
  }

  /** The accepted configuration names, for messages. */
  public static String acceptedNames() {
    return Arrays.stream(values()).map(RoutingMethod::configName).collect(Collectors.joining(", "))
        + " (or ring-all)";
  }
}
