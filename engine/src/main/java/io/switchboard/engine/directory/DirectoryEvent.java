package io.switchboard.engine.directory;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import java.util.List;

/**
 * Facts of the directory's history, folded by {@link DirectoryDomain#evolve}. {@link
 * MailboxProvisioned} also tells the engine to create the Mailbox entity (see {@code
 * io.switchboard.engine.voicemail.MailboxDomain}).
 *
 * <p>Serialised with Jackson CBOR (type id {@code type}) as the Directory entity's journal. A
 * renamed event needs a migration.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DirectoryEvent.NumberPlanSet.class, name = "number-plan-set"),
  @JsonSubTypes.Type(value = DirectoryEvent.MainNumberSet.class, name = "main-number-set"),
  @JsonSubTypes.Type(value = DirectoryEvent.NumberAdded.class, name = "number-added"),
  @JsonSubTypes.Type(value = DirectoryEvent.PortCompleted.class, name = "port-completed"),
  @JsonSubTypes.Type(value = DirectoryEvent.NumberRemoved.class, name = "number-removed"),
  @JsonSubTypes.Type(value = DirectoryEvent.NumberAssigned.class, name = "number-assigned"),
  @JsonSubTypes.Type(value = DirectoryEvent.NumberUnassigned.class, name = "number-unassigned"),
  @JsonSubTypes.Type(value = DirectoryEvent.UserAdded.class, name = "user-added"),
  @JsonSubTypes.Type(value = DirectoryEvent.UserChanged.class, name = "user-changed"),
  @JsonSubTypes.Type(value = DirectoryEvent.ExtensionSet.class, name = "extension-set"),
  @JsonSubTypes.Type(value = DirectoryEvent.UserRemoved.class, name = "user-removed"),
  @JsonSubTypes.Type(value = DirectoryEvent.QueueAdded.class, name = "queue-added"),
  @JsonSubTypes.Type(value = DirectoryEvent.QueueChanged.class, name = "queue-changed"),
  @JsonSubTypes.Type(value = DirectoryEvent.QueueRemoved.class, name = "queue-removed"),
  @JsonSubTypes.Type(value = DirectoryEvent.FlowAdded.class, name = "flow-added"),
  @JsonSubTypes.Type(value = DirectoryEvent.FlowChanged.class, name = "flow-changed"),
  @JsonSubTypes.Type(value = DirectoryEvent.FlowRemoved.class, name = "flow-removed"),
  @JsonSubTypes.Type(value = DirectoryEvent.MailboxProvisioned.class, name = "mailbox-provisioned"),
  @JsonSubTypes.Type(value = DirectoryEvent.MailboxRemoved.class, name = "mailbox-removed"),
  @JsonSubTypes.Type(value = DirectoryEvent.GatewayPut.class, name = "gateway-put"),
  @JsonSubTypes.Type(value = DirectoryEvent.GatewayRemoved.class, name = "gateway-removed"),
  @JsonSubTypes.Type(value = DirectoryEvent.OutboundRoutesSet.class, name = "outbound-routes-set")
})
public sealed interface DirectoryEvent extends CborSerializable {

  record NumberPlanSet(NumberPlan plan) implements DirectoryEvent {}

  record MainNumberSet(E164 number) implements DirectoryEvent {}

  record NumberAdded(E164 number, NumberState state) implements DirectoryEvent {}

  record PortCompleted(E164 number) implements DirectoryEvent {}

  record NumberRemoved(E164 number) implements DirectoryEvent {}

  record NumberAssigned(E164 number, Target target) implements DirectoryEvent {}

  record NumberUnassigned(E164 number, Target previousTarget) implements DirectoryEvent {}

  record UserAdded(User user) implements DirectoryEvent {}

  record UserChanged(User user) implements DirectoryEvent {}

  /** A user's extension changed; either side may be {@code null} (none). */
  record ExtensionSet(String userId, String previousExtension, String extension) implements DirectoryEvent {}

  record UserRemoved(String userId) implements DirectoryEvent {}

  record QueueAdded(QueueEntry queue) implements DirectoryEvent {}

  /** A queue's name or extension changed ({@code previousExtension} may be {@code null}). */
  record QueueChanged(QueueEntry queue, String previousExtension) implements DirectoryEvent {}

  record QueueRemoved(String queueId) implements DirectoryEvent {}

  record FlowAdded(FlowEntry flow) implements DirectoryEvent {}

  /** A flow is now loaded from another file. */
  record FlowChanged(FlowEntry flow) implements DirectoryEvent {}

  record FlowRemoved(String flowId) implements DirectoryEvent {}

  /** A mailbox now exists: automatically for a user, or a declared shared box. */
  record MailboxProvisioned(MailboxEntry mailbox) implements DirectoryEvent {}

  record MailboxRemoved(String mailboxId) implements DirectoryEvent {}

  record GatewayPut(Gateway gateway) implements DirectoryEvent {}

  record GatewayRemoved(String gatewayId) implements DirectoryEvent {}

  record OutboundRoutesSet(List<OutboundRoute> routes) implements DirectoryEvent {
    public OutboundRoutesSet {
      routes = List.copyOf(routes);
    }
  }
}
