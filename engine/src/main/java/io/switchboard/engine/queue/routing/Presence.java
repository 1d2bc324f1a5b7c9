package io.switchboard.engine.queue.routing;

/**
 * An agent's presence as a queue sees it. The Agent entity owns presence; it reports it to each
 * queue it belongs to in an {@link AgentStatus}.
 *
 * <p>Under presence-based routing only {@link #AVAILABLE} agents are offered calls. Whatever the
 * presence, an agent on a call, reserved for another call, or in wrap-up is never offered a call:
 * those are work states, not presence (see {@link Router}).
 */
public enum Presence {
  AVAILABLE,
  BUSY,
  AWAY,
  DO_NOT_DISTURB,
  WRAP_UP,
  OFFLINE
}
