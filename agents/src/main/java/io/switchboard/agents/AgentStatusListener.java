package io.switchboard.agents;

/**
 * Where an Agent entity sends its status reports: the engine implements it by delivering each
 * report to the Queue entity {@link AgentReport#queueId()}. Injected at {@link AgentEntity#init}
 * so that the agents module does not depend on the engine.
 *
 * <p>Called from the Agent entities' actors, concurrently for different agents: implementations are
 * thread-safe and never block (a fire-and-forget send).
 */
@FunctionalInterface
public interface AgentStatusListener {

  /** The agent's status for one of its queues changed (or that queue asked for it). */
  void statusChanged(AgentReport report);
}
