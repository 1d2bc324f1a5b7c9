package io.switchboard.engine.directory;

import io.switchboard.persistence.CborSerializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The organisation's directory: numbers, users, queues, flows, mailboxes, gateways, outbound
 * routes and the numbering plan. Folded from {@link DirectoryEvent}s by {@link
 * DirectoryDomain#evolve}; read by the Call entity to resolve what a number or an extension leads
 * to ({@link DialResolver}) and by dial-by-name ({@link DialByName}).
 *
 * <p>Immutable (every change is a copy), Jackson-serialisable for snapshots, thread-safe.
 *
 * @param numberPlan how dialled digits and caller ids become E.164
 * @param mainNumber the organisation's main number (caller id fallback), or {@code null}
 * @param numbers E.164 text to number entry
 * @param users user id to user
 * @param queues queue id to queue entry
 * @param flows flow id to flow entry
 * @param mailboxes mailbox id to mailbox entry
 * @param gateways gateway id to gateway
 * @param outboundRoutes routes, in evaluation order
 * @param extensions extension to the user or queue it reaches (an index kept by evolve)
 */
public record DirectoryState(
    NumberPlan numberPlan,
    E164 mainNumber,
    Map<String, NumberEntry> numbers,
    Map<String, User> users,
    Map<String, QueueEntry> queues,
    Map<String, FlowEntry> flows,
    Map<String, MailboxEntry> mailboxes,
    Map<String, Gateway> gateways,
    List<OutboundRoute> outboundRoutes,
    Map<String, Target> extensions)
    implements CborSerializable {

  /** An empty directory on the North American numbering plan. */
  public static final DirectoryState EMPTY =
      new DirectoryState(NumberPlan.NORTH_AMERICA, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of());

  public DirectoryState {
    Objects.requireNonNull(numberPlan, "numberPlan");
    numbers = numbers == null ? Map.of() : Map.copyOf(numbers);
    users = users == null ? Map.of() : Map.copyOf(users);
    queues = queues == null ? Map.of() : Map.copyOf(queues);
    flows = flows == null ? Map.of() : Map.copyOf(flows);
    mailboxes = mailboxes == null ? Map.of() : Map.copyOf(mailboxes);
    gateways = gateways == null ? Map.of() : Map.copyOf(gateways);
    outboundRoutes = outboundRoutes == null ? List.of() : List.copyOf(outboundRoutes);
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  /** The inventory entry of {@code number}, or {@code null} when the organisation does not hold it. */
  public NumberEntry number(E164 number) {
    return numbers.get(number.value());
  }

  /** Numbers assigned to {@code target}, ascending. */
  public List<E164> numbersOf(Target target) {
    return numbers.values().stream()
        .filter(n -> target.equals(n.assignedTo()))
        .map(NumberEntry::number)
        .sorted()
        .toList();
  }

  /**
   * Inventory numbers starting with {@code prefix} (e.g. {@code +1555}), ascending, optionally only
   * in one state.
   *
   * @param state the state to keep, or {@code null} for all
   */
  public List<NumberEntry> numbersWithPrefix(String prefix, NumberState state) {
    Objects.requireNonNull(prefix, "prefix");
    return numbers.values().stream()
        .filter(n -> n.number().value().startsWith(prefix))
        .filter(n -> state == null || n.state() == state)
        .sorted(Comparator.comparing(NumberEntry::number))
        .toList();
  }

  /**
   * Inventory numbers matching {@code pattern} (see {@link NumberPattern} for the syntax),
   * ascending, optionally only in one state.
   *
   * @param state the state to keep, or {@code null} for all
   */
  public List<NumberEntry> numbersMatching(NumberPattern pattern, NumberState state) {
    Objects.requireNonNull(pattern, "pattern");
    return numbers.values().stream()
        .filter(n -> pattern.matches(n.number()))
        .filter(n -> state == null || n.state() == state)
        .sorted(Comparator.comparing(NumberEntry::number))
        .toList();
  }

  /** Whether {@code target} exists in the directory. */
  public boolean exists(Target target) {
    return switch (target.kind()) {
      case FLOW -> flows.containsKey(target.id());
      case QUEUE -> queues.containsKey(target.id());
      case USER -> users.containsKey(target.id());
    };
  }

  public DirectoryState withNumberPlan(NumberPlan value) {
    return new DirectoryState(value, mainNumber, numbers, users, queues, flows, mailboxes, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withMainNumber(E164 value) {
    return new DirectoryState(numberPlan, value, numbers, users, queues, flows, mailboxes, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withNumbers(Map<String, NumberEntry> value) {
    return new DirectoryState(numberPlan, mainNumber, value, users, queues, flows, mailboxes, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withUsers(Map<String, User> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, value, queues, flows, mailboxes, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withQueues(Map<String, QueueEntry> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, users, value, flows, mailboxes, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withFlows(Map<String, FlowEntry> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, users, queues, value, mailboxes, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withMailboxes(Map<String, MailboxEntry> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, users, queues, flows, value, gateways, outboundRoutes, extensions);
  }

  public DirectoryState withGateways(Map<String, Gateway> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, users, queues, flows, mailboxes, value, outboundRoutes, extensions);
  }

  public DirectoryState withOutboundRoutes(List<OutboundRoute> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, users, queues, flows, mailboxes, gateways, value, extensions);
  }

  public DirectoryState withExtensions(Map<String, Target> value) {
    return new DirectoryState(numberPlan, mainNumber, numbers, users, queues, flows, mailboxes, gateways, outboundRoutes, value);
  }
}
