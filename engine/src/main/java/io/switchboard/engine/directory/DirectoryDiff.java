package io.switchboard.engine.directory;

import io.switchboard.engine.directory.DirectoryCommand.AddFlow;
import io.switchboard.engine.directory.DirectoryCommand.AddNumber;
import io.switchboard.engine.directory.DirectoryCommand.AddQueue;
import io.switchboard.engine.directory.DirectoryCommand.AddSharedMailbox;
import io.switchboard.engine.directory.DirectoryCommand.AddUser;
import io.switchboard.engine.directory.DirectoryCommand.AssignNumber;
import io.switchboard.engine.directory.DirectoryCommand.ChangeFlow;
import io.switchboard.engine.directory.DirectoryCommand.ChangeQueue;
import io.switchboard.engine.directory.DirectoryCommand.ChangeUser;
import io.switchboard.engine.directory.DirectoryCommand.CompletePort;
import io.switchboard.engine.directory.DirectoryCommand.PutGateway;
import io.switchboard.engine.directory.DirectoryCommand.RemoveFlow;
import io.switchboard.engine.directory.DirectoryCommand.RemoveGateway;
import io.switchboard.engine.directory.DirectoryCommand.RemoveMailbox;
import io.switchboard.engine.directory.DirectoryCommand.RemoveNumber;
import io.switchboard.engine.directory.DirectoryCommand.RemoveQueue;
import io.switchboard.engine.directory.DirectoryCommand.RemoveUser;
import io.switchboard.engine.directory.DirectoryCommand.SetExtension;
import io.switchboard.engine.directory.DirectoryCommand.SetMainNumber;
import io.switchboard.engine.directory.DirectoryCommand.SetNumberPlan;
import io.switchboard.engine.directory.DirectoryCommand.SetOutboundRoutes;
import io.switchboard.engine.directory.DirectoryCommand.UnassignNumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The commands that turn one directory into another, so that loading the directory file at start
 * (or again) journals what changed, not the whole file.
 *
 * <p>{@link #between} orders the commands so that each is accepted by {@link DirectoryDomain} in
 * turn: first what frees things (unassigning numbers that move or go, clearing extensions another
 * owner takes over, removing users, queues, flows and shared mailboxes), then the number plan, then
 * what builds (numbers, main number, flows, queues, mailboxes, users and their extensions, number
 * assignments, gateways, outbound routes), and last what depended on the old state (unused
 * gateways, the main number when it goes, numbers no longer held).
 *
 * <p>Two things of the current directory are kept on purpose: the mailbox of a removed user (its
 * messages stay reachable; the domain keeps it too), and the name a user's mailbox got when it was
 * provisioned. Everything else of the target is reached exactly. Pure and thread-safe.
 */
public final class DirectoryDiff {

  private DirectoryDiff() {}

  /** The commands that change {@code current} into {@code target}; empty when they are the same. */
  public static List<DirectoryCommand> between(DirectoryState current, DirectoryState target) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(target, "target");
    List<DirectoryCommand> commands = new ArrayList<>();
    boolean planChanges = !current.numberPlan().equals(target.numberPlan());

    // 1. Numbers whose assignment changes or that go: unassigned first (targets can then go too).
    for (NumberEntry entry : sorted(current.numbers()).values()) {
      NumberEntry wanted = target.numbers().get(entry.number().value());
      if (entry.assignedTo() != null && (wanted == null || !Objects.equals(wanted.assignedTo(), entry.assignedTo()))) {
        commands.add(new UnassignNumber(entry.number()));
      }
    }

    // 2. Extensions another owner takes over (or all changing ones when the plan changes).
    Map<String, Target> wantedExtensions = target.extensions();
    for (User user : sorted(current.users()).values()) {
      User wanted = target.users().get(user.id());
      if (wanted != null && user.extension() != null && !Objects.equals(user.extension(), wanted.extension())
          && (planChanges || takenOver(user.extension(), Target.user(user.id()), wantedExtensions))) {
        commands.add(new SetExtension(user.id(), null));
      }
    }
    for (QueueEntry queue : sorted(current.queues()).values()) {
      QueueEntry wanted = target.queues().get(queue.id());
      if (wanted != null && queue.extension() != null && !Objects.equals(queue.extension(), wanted.extension())
          && (planChanges || takenOver(queue.extension(), Target.queue(queue.id()), wantedExtensions))) {
        commands.add(new ChangeQueue(queue.id(), queue.displayName(), null));
      }
    }

    // 3. Removals.
    for (String id : sorted(current.users()).keySet()) {
      if (!target.users().containsKey(id)) {
        commands.add(new RemoveUser(id));
      }
    }
    for (String id : sorted(current.queues()).keySet()) {
      if (!target.queues().containsKey(id)) {
        commands.add(new RemoveQueue(id));
      }
    }
    for (String id : sorted(current.flows()).keySet()) {
      if (!target.flows().containsKey(id)) {
        commands.add(new RemoveFlow(id));
      }
    }
    for (MailboxEntry mailbox : sorted(current.mailboxes()).values()) {
      MailboxEntry wanted = target.mailboxes().get(mailbox.id());
      boolean ownerGone = mailbox.kind() == MailboxKind.USER && !target.users().containsKey(mailbox.ownerUserId());
      if (mailbox.kind() == MailboxKind.SHARED && !mailbox.equals(wanted)) {
        commands.add(new RemoveMailbox(mailbox.id())); // gone, renamed (re-added below) or now a user's id
      } else if (ownerGone && wanted != null && wanted.kind() == MailboxKind.SHARED) {
        commands.add(new RemoveMailbox(mailbox.id())); // a removed user's box whose id a shared box takes
      }
    }

    // 4. The number plan, once no extension of the old plan stands in its way.
    if (planChanges) {
      commands.add(new SetNumberPlan(target.numberPlan()));
    }

    // 5. Numbers held now, and their state.
    List<E164> removeLater = new ArrayList<>();
    for (NumberEntry wanted : sorted(target.numbers()).values()) {
      NumberEntry entry = current.numbers().get(wanted.number().value());
      boolean wantPorting = wanted.state() == NumberState.PORTING_IN;
      if (entry == null) {
        commands.add(new AddNumber(wanted.number(), wantPorting));
      } else if (entry.state() == NumberState.PORTING_IN && !wantPorting) {
        commands.add(new CompletePort(wanted.number()));
      } else if (entry.state() != NumberState.PORTING_IN && wantPorting) {
        // Back to porting in (a port that is redone): the number is re-added in that state.
        commands.add(new RemoveNumber(wanted.number()));
        commands.add(new AddNumber(wanted.number(), true));
      }
    }
    for (NumberEntry entry : sorted(current.numbers()).values()) {
      if (!target.numbers().containsKey(entry.number().value())) {
        removeLater.add(entry.number());
      }
    }

    // 6. The main number, when there is a new one.
    if (target.mainNumber() != null && !target.mainNumber().equals(current.mainNumber())) {
      commands.add(new SetMainNumber(target.mainNumber()));
    }

    // 7. Flows, queues, shared mailboxes, users.
    for (FlowEntry flow : sorted(target.flows()).values()) {
      FlowEntry entry = current.flows().get(flow.id());
      if (entry == null) {
        commands.add(new AddFlow(flow.id(), flow.file()));
      } else if (!entry.file().equals(flow.file())) {
        commands.add(new ChangeFlow(flow.id(), flow.file()));
      }
    }
    for (QueueEntry queue : sorted(target.queues()).values()) {
      QueueEntry entry = current.queues().get(queue.id());
      if (entry == null) {
        commands.add(new AddQueue(queue.id(), queue.displayName(), queue.extension()));
      } else if (!entry.equals(queue)) {
        commands.add(new ChangeQueue(queue.id(), queue.displayName(), queue.extension()));
      }
    }
    for (MailboxEntry mailbox : sorted(target.mailboxes()).values()) {
      if (mailbox.kind() == MailboxKind.SHARED && !mailbox.equals(current.mailboxes().get(mailbox.id()))) {
        commands.add(new AddSharedMailbox(mailbox.id(), mailbox.displayName()));
      }
    }
    for (User user : sorted(target.users()).values()) {
      User entry = current.users().get(user.id());
      if (entry == null) {
        commands.add(new AddUser(user.id(), user.extension(), user.displayName(), user.endpoints(), user.listedInDirectory()));
        continue;
      }
      if (!entry.displayName().equals(user.displayName()) || !entry.endpoints().equals(user.endpoints())
          || entry.listedInDirectory() != user.listedInDirectory()) {
        commands.add(new ChangeUser(user.id(), user.displayName(), user.endpoints(), user.listedInDirectory()));
      }
      if (!Objects.equals(entry.extension(), user.extension())) {
        commands.add(new SetExtension(user.id(), user.extension()));
      }
    }

    // 8. Number assignments (every number that moves was unassigned in step 1).
    for (NumberEntry wanted : sorted(target.numbers()).values()) {
      NumberEntry entry = current.numbers().get(wanted.number().value());
      boolean stays = entry != null && Objects.equals(entry.assignedTo(), wanted.assignedTo());
      if (wanted.assignedTo() != null && !stays) {
        commands.add(new AssignNumber(wanted.number(), wanted.assignedTo()));
      }
    }

    // 9. Gateways and routes: new gateways before the routes that use them, old ones after.
    for (Gateway gateway : sorted(target.gateways()).values()) {
      if (!gateway.equals(current.gateways().get(gateway.id()))) {
        commands.add(new PutGateway(gateway));
      }
    }
    if (!current.outboundRoutes().equals(target.outboundRoutes())) {
      commands.add(new SetOutboundRoutes(target.outboundRoutes()));
    }
    for (String id : sorted(current.gateways()).keySet()) {
      if (!target.gateways().containsKey(id)) {
        commands.add(new RemoveGateway(id));
      }
    }

    // 10. What the old state still needed: the main number, then the numbers no longer held.
    if (target.mainNumber() == null && current.mainNumber() != null) {
      commands.add(new SetMainNumber(null));
    }
    for (E164 number : removeLater) {
      commands.add(new RemoveNumber(number));
    }
    return commands;
  }

  /** Whether the target gives {@code extension} to someone other than {@code owner}. */
  private static boolean takenOver(String extension, Target owner, Map<String, Target> wantedExtensions) {
    Target next = wantedExtensions.get(extension);
    return next != null && !next.equals(owner);
  }

  private static <V> TreeMap<String, V> sorted(Map<String, V> map) {
    return new TreeMap<>(map == null ? new HashMap<>() : map);
  }
}
