package io.switchboard.engine.queue.routing;

/**
 * Where round-robin routing continues: the serial position and id of the agent offered the
 * previous call. Keyed by (serial order, agent id) rather than an index so that members joining or
 * leaving do not shift the turn.
 *
 * <p>Held in {@link QueueState}, advanced by {@link RoutingDecision#cursor()}; a value.
 *
 * @param lastOfferedAgentId the last agent offered a call by round robin, or {@code null} before
 *     the first offer
 * @param lastOfferedSerialOrder that agent's serial order at the time
 */
public record RoutingCursor(String lastOfferedAgentId, int lastOfferedSerialOrder) {

  /** Before any round-robin offer. */
  public static final RoutingCursor START = new RoutingCursor(null, 0);

  /** The cursor after offering a call to {@code member}. */
  public static RoutingCursor after(MemberView member) {
    return new RoutingCursor(member.agentId(), member.serialOrder());
  }
}
