package io.switchboard.engine.directory;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * Changes to the directory, checked by {@link DirectoryDomain#decide}. Produced by the directory
 * file loader at start (in file order) and by admin requests at run time; the same rules apply to
 * both. Value types ({@link E164}, {@link Gateway}, ...) validate their own syntax; the domain
 * checks everything that depends on the rest of the directory.
 *
 * <p>Not journaled (their events are), but they travel between nodes inside the Directory entity's
 * messages, serialised with Jackson (type id {@code type}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DirectoryCommand.SetNumberPlan.class, name = "set-number-plan"),
  @JsonSubTypes.Type(value = DirectoryCommand.SetMainNumber.class, name = "set-main-number"),
  @JsonSubTypes.Type(value = DirectoryCommand.AddNumber.class, name = "add-number"),
  @JsonSubTypes.Type(value = DirectoryCommand.CompletePort.class, name = "complete-port"),
  @JsonSubTypes.Type(value = DirectoryCommand.RemoveNumber.class, name = "remove-number"),
  @JsonSubTypes.Type(value = DirectoryCommand.AssignNumber.class, name = "assign-number"),
  @JsonSubTypes.Type(value = DirectoryCommand.UnassignNumber.class, name = "unassign-number"),
  @JsonSubTypes.Type(value = DirectoryCommand.AddUser.class, name = "add-user"),
  @JsonSubTypes.Type(value = DirectoryCommand.ChangeUser.class, name = "change-user"),
  @JsonSubTypes.Type(value = DirectoryCommand.SetExtension.class, name = "set-extension"),
  @JsonSubTypes.Type(value = DirectoryCommand.RemoveUser.class, name = "remove-user"),
  @JsonSubTypes.Type(value = DirectoryCommand.AddQueue.class, name = "add-queue"),
  @JsonSubTypes.Type(value = DirectoryCommand.ChangeQueue.class, name = "change-queue"),
  @JsonSubTypes.Type(value = DirectoryCommand.RemoveQueue.class, name = "remove-queue"),
  @JsonSubTypes.Type(value = DirectoryCommand.AddFlow.class, name = "add-flow"),
  @JsonSubTypes.Type(value = DirectoryCommand.ChangeFlow.class, name = "change-flow"),
  @JsonSubTypes.Type(value = DirectoryCommand.RemoveFlow.class, name = "remove-flow"),
  @JsonSubTypes.Type(value = DirectoryCommand.AddSharedMailbox.class, name = "add-shared-mailbox"),
  @JsonSubTypes.Type(value = DirectoryCommand.RemoveMailbox.class, name = "remove-mailbox"),
  @JsonSubTypes.Type(value = DirectoryCommand.PutGateway.class, name = "put-gateway"),
  @JsonSubTypes.Type(value = DirectoryCommand.RemoveGateway.class, name = "remove-gateway"),
  @JsonSubTypes.Type(value = DirectoryCommand.SetOutboundRoutes.class, name = "set-outbound-routes")
})
public sealed interface DirectoryCommand {

  record SetNumberPlan(NumberPlan plan) implements DirectoryCommand {
    public SetNumberPlan {
      Objects.requireNonNull(plan, "plan");
    }
  }

  /** Set the main number (must be in the inventory), or clear it with {@code null}. */
  record SetMainNumber(E164 number) implements DirectoryCommand {}

  /** Add a number to the inventory, available or porting in. */
  record AddNumber(E164 number, boolean portingIn) implements DirectoryCommand {
    public AddNumber {
      Objects.requireNonNull(number, "number");
    }
  }

  /** A number finished porting in; it becomes available. */
  record CompletePort(E164 number) implements DirectoryCommand {
    public CompletePort {
      Objects.requireNonNull(number, "number");
    }
  }

  /** Remove an unassigned number that is not the main number. */
  record RemoveNumber(E164 number) implements DirectoryCommand {
    public RemoveNumber {
      Objects.requireNonNull(number, "number");
    }
  }

  /** Route a number to a flow, a queue or a user. A user's mailbox is provisioned if missing. */
  record AssignNumber(E164 number, Target target) implements DirectoryCommand {
    public AssignNumber {
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(target, "target");
    }
  }

  record UnassignNumber(E164 number) implements DirectoryCommand {
    public UnassignNumber {
      Objects.requireNonNull(number, "number");
    }
  }

  /**
   * Add a user. With an extension, the user's mailbox is provisioned at once.
   *
   * @param extension the extension, or {@code null}
   */
  record AddUser(String id, String extension, String displayName, List<String> endpoints, boolean listedInDirectory)
      implements DirectoryCommand {
    public AddUser {
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /** Change a user's name, endpoints and directory listing (not the extension). */
  record ChangeUser(String id, String displayName, List<String> endpoints, boolean listedInDirectory) implements DirectoryCommand {
    public ChangeUser {
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /** Give, change or (with {@code null}) remove a user's extension. */
  record SetExtension(String userId, String extension) implements DirectoryCommand {}

  /** Remove a user that has no number any more. Its mailbox stays, so no message is lost. */
  record RemoveUser(String id) implements DirectoryCommand {}

  /** Declare a queue (its policy lives in the Queue entity). */
  record AddQueue(String id, String displayName, String extension) implements DirectoryCommand {}

  /** Rename a queue, or give, change or (with {@code null}) remove its extension. */
  record ChangeQueue(String id, String displayName, String extension) implements DirectoryCommand {}

  record RemoveQueue(String id) implements DirectoryCommand {}

  /** Declare a flow and its file. */
  record AddFlow(String id, String file) implements DirectoryCommand {}

  /** Load a flow from another file. */
  record ChangeFlow(String id, String file) implements DirectoryCommand {}

  record RemoveFlow(String id) implements DirectoryCommand {}

  /** Declare a shared mailbox. */
  record AddSharedMailbox(String id, String displayName) implements DirectoryCommand {}

  /** Remove a shared mailbox, or the mailbox of a user who was removed. */
  record RemoveMailbox(String id) implements DirectoryCommand {}

  /** Add or replace a gateway. */
  record PutGateway(Gateway gateway) implements DirectoryCommand {
    public PutGateway {
      Objects.requireNonNull(gateway, "gateway");
    }
  }

  /** Remove a gateway no route uses. */
  record RemoveGateway(String id) implements DirectoryCommand {}

  /** Replace the outbound routes. */
  record SetOutboundRoutes(List<OutboundRoute> routes) implements DirectoryCommand {
    public SetOutboundRoutes {
      routes = routes == null ? List.of() : List.copyOf(routes);
    }
  }
}
