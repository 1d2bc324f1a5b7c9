package io.switchboard.engine.directory;

import java.util.List;
import java.util.Objects;

/**
 * Where dialled digits lead, as {@link DialResolver} decides. Not journaled by itself (the Call
 * entity journals the decision it takes from it).
 */
public sealed interface Destination {

  /**
   * Inside the organisation: a user, a queue or a flow, reached without any gateway.
   *
   * @param target what is reached
   * @param reason how, e.g. {@code "extension 1001"} or {@code "own number +15551000100"}
   */
  record Internal(Target target, String reason) implements Destination {
    public Internal {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Outside, through gateways tried in order.
   *
   * @param number the destination in E.164
   * @param attempts one per gateway of the matching route, primary first
   * @param route the pattern of the route that matched
   */
  record Outside(E164 number, List<GatewayAttempt> attempts, NumberPattern route) implements Destination {
    public Outside {
      Objects.requireNonNull(number, "number");
      attempts = List.copyOf(attempts);
      if (attempts.isEmpty()) {
        throw new IllegalArgumentException("an outside destination needs at least one gateway attempt");
      }
    }
  }

  /** Nowhere: the reason says why and what would fix it. */
  record Unroutable(String reason) implements Destination {
    public Unroutable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
