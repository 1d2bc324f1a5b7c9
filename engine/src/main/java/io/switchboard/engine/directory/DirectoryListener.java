package io.switchboard.engine.directory;

import java.util.List;

/**
 * Told by the Directory entity after every persisted change and after its recovery: the engine
 * publishes the new state to every node's {@link DirectoryView} and provisions the Mailbox entities
 * of {@link DirectoryEvent.MailboxProvisioned} events. Tests record the calls.
 *
 * <p>Called from the Directory entity's actor; implementations are thread-safe and never block.
 */
@FunctionalInterface
public interface DirectoryListener {

  /**
   * @param events what was just persisted; empty after a recovery
   * @param state the directory after them
   * @param revision the entity's sequence number after them: orders the states
   */
  void changed(List<DirectoryEvent> events, DirectoryState state, long revision);
}
