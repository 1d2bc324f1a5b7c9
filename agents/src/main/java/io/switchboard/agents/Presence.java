package io.switchboard.agents;

/**
 * An agent's presence: the one presence type of Switchboard, shared by the Agent entity (which owns
 * it) and the queues' routing (which reads it in each agent's status report).
 *
 * <p>An agent sets one of these with a reason; the Agent entity overlays its work: on a call it is
 * {@link #BUSY} whatever was set, after a queue call {@link #WRAP_UP} for the queue's wrap-up time,
 * then back to what it had set. Under presence-based routing only {@link #AVAILABLE} agents are
 * offered calls; {@link #OFFLINE} means signed out.
 */
public enum Presence {
  /** Signed in and ready for calls. */
  AVAILABLE,
  /** On a call (set by the engine while a call lasts, or by the agent for work elsewhere). */
  BUSY,
  /** Signed in but not taking calls for a while (break, meeting, too many missed offers). */
  AWAY,
  /** Signed in and must not be disturbed. */
  DO_NOT_DISTURB,
  /** After a call, finishing its paperwork. */
  WRAP_UP,
  /** Signed out. */
  OFFLINE
}
