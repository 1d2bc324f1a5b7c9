package io.switchboard.engine.directory.config;

import io.switchboard.engine.directory.DirectoryCommand;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid directory file, ready for the engine to apply at start.
 *
 * <p>The engine sends {@link #directoryCommands()} to the Directory entity (replaying them on an
 * empty directory gives {@link #directory()}, which the loader already computed to validate
 * them); creates or updates each Queue entity from {@link #queues()}, each Agent from {@link
 * #agents()} and each Mailbox from {@link #mailboxSettings()}; and compiles {@link #flows()} with
 * the flow module. Immutable, thread-safe.
 *
 * @param directoryCommands the commands that build the directory, in order
 * @param directory the directory they build
 * @param queues every queue with its policy and members, in file order
 * @param agents every user who is a queue member or has skills, with their skills
 * @param mailboxSettings settings of every mailbox of {@link #directory()} (defaults where the file
 *     gives none)
 * @param flows every flow with its file resolved against the directory file's folder
 */
public record DirectoryConfiguration(
    List<DirectoryCommand> directoryCommands,
    DirectoryState directory,
    List<QueueDefinition> queues,
    List<AgentDefinition> agents,
    Map<String, MailboxSettings> mailboxSettings,
    List<FlowReference> flows) {

  public DirectoryConfiguration {
    directoryCommands = List.copyOf(directoryCommands);
    Objects.requireNonNull(directory, "directory");
    queues = List.copyOf(queues);
    agents = List.copyOf(agents);
    mailboxSettings = Map.copyOf(mailboxSettings);
    flows = List.copyOf(flows);
  }

  /**
   * A queue of the file.
   *
   * @param extension the queue's internal extension, or {@code null}
   */
  public record QueueDefinition(String id, String name, String extension, QueuePolicy policy, List<QueueMembership> members) {
    public QueueDefinition {
      members = List.copyOf(members);
    }
  }

  /**
   * An agent's membership of a queue.
   *
   * @param agentId the user id of the agent
   * @param tier skills-routing tier, 1 = first
   * @param serialOrder position for serial and round-robin routing
   * @param presenceBased whether the agent's presence gates offers under presence-based routing
   */
  public record QueueMembership(String agentId, int tier, int serialOrder, boolean presenceBased) {}

  /**
   * A user acting as an agent.
   *
   * @param skills skill name to level (1-10)
   */
  public record AgentDefinition(String userId, Map<String, Integer> skills) {
    public AgentDefinition {
      skills = Map.copyOf(skills);
    }
  }

  /**
   * A flow to compile.
   *
   * @param file the flow file, resolved against the directory file's folder
   */
  public record FlowReference(String id, Path file) {}
}
