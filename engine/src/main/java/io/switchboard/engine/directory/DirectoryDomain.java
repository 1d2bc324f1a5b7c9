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
import io.switchboard.engine.directory.DirectoryEvent.ExtensionSet;
import io.switchboard.engine.directory.DirectoryEvent.FlowAdded;
import io.switchboard.engine.directory.DirectoryEvent.FlowChanged;
import io.switchboard.engine.directory.DirectoryEvent.FlowRemoved;
import io.switchboard.engine.directory.DirectoryEvent.GatewayPut;
import io.switchboard.engine.directory.DirectoryEvent.GatewayRemoved;
import io.switchboard.engine.directory.DirectoryEvent.MailboxProvisioned;
import io.switchboard.engine.directory.DirectoryEvent.MailboxRemoved;
import io.switchboard.engine.directory.DirectoryEvent.MainNumberSet;
import io.switchboard.engine.directory.DirectoryEvent.NumberAdded;
import io.switchboard.engine.directory.DirectoryEvent.NumberAssigned;
import io.switchboard.engine.directory.DirectoryEvent.NumberPlanSet;
import io.switchboard.engine.directory.DirectoryEvent.NumberRemoved;
import io.switchboard.engine.directory.DirectoryEvent.NumberUnassigned;
import io.switchboard.engine.directory.DirectoryEvent.OutboundRoutesSet;
import io.switchboard.engine.directory.DirectoryEvent.PortCompleted;
import io.switchboard.engine.directory.DirectoryEvent.QueueAdded;
import io.switchboard.engine.directory.DirectoryEvent.QueueChanged;
import io.switchboard.engine.directory.DirectoryEvent.QueueRemoved;
import io.switchboard.engine.directory.DirectoryEvent.UserAdded;
import io.switchboard.engine.directory.DirectoryEvent.UserChanged;
import io.switchboard.engine.directory.DirectoryEvent.UserRemoved;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The directory's rules as pure functions: {@code decide(state, command) -> decision} and {@code
 * evolve(state, event) -> state}. The directory file loader and the Directory entity use the same
 * rules, so a file and an admin request are refused for the same reasons, with the same words.
 *
 * <p>Rules enforced: numbers are E.164 and held once; only available numbers are assigned and only
 * to existing targets, and one target per number; extensions are 2-7 digits, shorter than any
 * national number of the plan, unique across users and queues; ids are unique per kind; a user's
 * mailbox (id = user id) is provisioned automatically the first time the user gets an extension or
 * a number; nothing referenced can be removed (a number's target, a route's gateway, the main
 * number); gateways that can fall back to the main number need one; a fixed caller id must be a
 * number the organisation holds.
 *
 * <p>Stateless and thread-safe.
 */
public final class DirectoryDomain {

  private DirectoryDomain() {}

  /** The events of {@code command}, or the problems that refuse it. */
  public static DirectoryDecision decide(DirectoryState state, DirectoryCommand command) {
    if (command instanceof SetNumberPlan c) {
      return setNumberPlan(state, c.plan());
    }
    if (command instanceof SetMainNumber c) {
      return setMainNumber(state, c.number());
    }
    if (command instanceof AddNumber c) {
      if (state.number(c.number()) != null) {
        return DirectoryDecision.refuse("number", "number " + c.number() + " is already in the inventory");
      }
      return DirectoryDecision.accept(
          List.of(new NumberAdded(c.number(), c.portingIn() ? NumberState.PORTING_IN : NumberState.AVAILABLE)));
    }
    if (command instanceof CompletePort c) {
      NumberEntry entry = state.number(c.number());
      if (entry == null) {
        return notInInventory(c.number());
      }
      if (entry.state() != NumberState.PORTING_IN) {
        return DirectoryDecision.refuse("number", "number " + c.number() + " is not porting in (it is " + word(entry.state()) + ")");
      }
      return DirectoryDecision.accept(List.of(new PortCompleted(c.number())));
    }
    if (command instanceof RemoveNumber c) {
      NumberEntry entry = state.number(c.number());
      if (entry == null) {
        return notInInventory(c.number());
      }
      if (entry.assignedTo() != null) {
        return DirectoryDecision.refuse("number", "number " + c.number() + " is assigned to " + entry.assignedTo() + "; unassign it first");
      }
      if (c.number().equals(state.mainNumber())) {
        return DirectoryDecision.refuse("number", "number " + c.number() + " is the main number; set another main number first");
      }
      return DirectoryDecision.accept(List.of(new NumberRemoved(c.number())));
    }
    if (command instanceof AssignNumber c) {
      return assign(state, c.number(), c.target());
    }
    if (command instanceof UnassignNumber c) {
      NumberEntry entry = state.number(c.number());
      if (entry == null) {
        return notInInventory(c.number());
      }
      return entry.assignedTo() == null
          ? DirectoryDecision.accept(List.of())
          : DirectoryDecision.accept(List.of(new NumberUnassigned(c.number(), entry.assignedTo())));
    }
    if (command instanceof AddUser c) {
      return addUser(state, c);
    }
    if (command instanceof ChangeUser c) {
      User existing = state.users().get(c.id());
      if (existing == null) {
        return unknown("id", Target.Kind.USER, c.id());
      }
      List<Problem> problems = User.problems(c.id(), null, c.displayName(), c.endpoints());
      if (!problems.isEmpty()) {
        return DirectoryDecision.refuse(problems);
      }
      User changed = new User(c.id(), existing.extension(), c.displayName(), c.endpoints(), c.listedInDirectory());
      return changed.equals(existing) ? DirectoryDecision.accept(List.of()) : DirectoryDecision.accept(List.of(new UserChanged(changed)));
    }
    if (command instanceof SetExtension c) {
      return setExtension(state, c.userId(), c.extension());
    }
    if (command instanceof RemoveUser c) {
      if (!state.users().containsKey(c.id())) {
        return unknown("id", Target.Kind.USER, c.id());
      }
      return refuseIfNumbered(state, Target.user(c.id()), new UserRemoved(c.id()));
    }
    if (command instanceof AddQueue c) {
      return addQueue(state, c);
    }
    if (command instanceof ChangeQueue c) {
      return changeQueue(state, c);
    }
    if (command instanceof RemoveQueue c) {
      if (!state.queues().containsKey(c.id())) {
        return unknown("id", Target.Kind.QUEUE, c.id());
      }
      return refuseIfNumbered(state, Target.queue(c.id()), new QueueRemoved(c.id()));
    }
    if (command instanceof AddFlow c) {
      List<Problem> problems = new ArrayList<>();
      addIdProblem(problems, "flow", c.id());
      if (state.flows().containsKey(c.id())) {
        problems.add(new Problem("id", "flow " + c.id() + " is already defined; give each flow its own id"));
      }
      if (c.file() == null || c.file().isBlank() || c.file().chars().anyMatch(Character::isISOControl)) {
        problems.add(new Problem("file", "flow " + c.id() + " needs the path of its flow file"));
      }
      return problems.isEmpty()
          ? DirectoryDecision.accept(List.of(new FlowAdded(new FlowEntry(c.id(), c.file()))))
          : DirectoryDecision.refuse(problems);
    }
    if (command instanceof ChangeFlow c) {
      FlowEntry existing = state.flows().get(c.id());
      if (existing == null) {
        return unknown("id", Target.Kind.FLOW, c.id());
      }
      if (c.file() == null || c.file().isBlank() || c.file().chars().anyMatch(Character::isISOControl)) {
        return DirectoryDecision.refuse("file", "flow " + c.id() + " needs the path of its flow file");
      }
      return existing.file().equals(c.file())
          ? DirectoryDecision.accept(List.of())
          : DirectoryDecision.accept(List.of(new FlowChanged(new FlowEntry(c.id(), c.file()))));
    }
    if (command instanceof RemoveFlow c) {
      if (!state.flows().containsKey(c.id())) {
        return unknown("id", Target.Kind.FLOW, c.id());
      }
      return refuseIfNumbered(state, Target.flow(c.id()), new FlowRemoved(c.id()));
    }
    if (command instanceof AddSharedMailbox c) {
      List<Problem> problems = new ArrayList<>();
      addIdProblem(problems, "mailbox", c.id());
      if (state.mailboxes().containsKey(c.id())) {
        problems.add(new Problem("id", "mailbox " + c.id() + " is already defined; give each mailbox its own id"));
      } else if (state.users().containsKey(c.id())) {
        problems.add(new Problem("id", "mailbox id " + c.id() + " is the id of user " + c.id() + ", whose own mailbox uses it; choose another id"));
      }
      if (c.displayName() == null || c.displayName().isBlank()) {
        problems.add(new Problem("name", "mailbox " + c.id() + " needs a name"));
      }
      return problems.isEmpty()
          ? DirectoryDecision.accept(List.of(new MailboxProvisioned(new MailboxEntry(c.id(), MailboxKind.SHARED, null, c.displayName()))))
          : DirectoryDecision.refuse(problems);
    }
    if (command instanceof RemoveMailbox c) {
      MailboxEntry mailbox = state.mailboxes().get(c.id());
      if (mailbox == null) {
        return DirectoryDecision.refuse("id", "unknown mailbox " + c.id());
      }
      if (mailbox.ownerUserId() != null && state.users().containsKey(mailbox.ownerUserId())) {
        return DirectoryDecision.refuse("id", "mailbox " + c.id() + " belongs to user " + mailbox.ownerUserId() + "; remove the user first");
      }
      return DirectoryDecision.accept(List.of(new MailboxRemoved(c.id())));
    }
    if (command instanceof PutGateway c) {
      return putGateway(state, c.gateway());
    }
    if (command instanceof RemoveGateway c) {
      if (!state.gateways().containsKey(c.id())) {
        return DirectoryDecision.refuse("id", "unknown gateway " + c.id());
      }
      List<String> users =
          state.outboundRoutes().stream().filter(r -> r.gatewayIds().contains(c.id())).map(r -> r.pattern().text()).toList();
      if (!users.isEmpty()) {
        return DirectoryDecision.refuse("id", "gateway " + c.id() + " is used by outbound route(s) " + String.join(", ", users) + "; change the routes first");
      }
      return DirectoryDecision.accept(List.of(new GatewayRemoved(c.id())));
    }
    if (command instanceof SetOutboundRoutes c) {
      List<Problem> problems = new ArrayList<>();
      for (OutboundRoute route : c.routes()) {
        for (String gatewayId : route.gatewayIds()) {
          if (!state.gateways().containsKey(gatewayId)) {
            problems.add(new Problem("gateways", "outbound route " + route.pattern() + " uses unknown gateway " + gatewayId + "; define it under gateways"));
          }
        }
      }
      if (!problems.isEmpty()) {
        return DirectoryDecision.refuse(problems);
      }
      return c.routes().equals(state.outboundRoutes())
          ? DirectoryDecision.accept(List.of())
          : DirectoryDecision.accept(List.of(new OutboundRoutesSet(c.routes())));
    }
    throw new IllegalStateException("unhandled directory command " + command.getClass().getName());
  }

  private static DirectoryDecision setNumberPlan(DirectoryState state, NumberPlan plan) {
    if (plan.equals(state.numberPlan())) {
      return DirectoryDecision.accept(List.of());
    }
    int shortest = plan.nationalNumberLengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
    List<Problem> problems = new ArrayList<>();
    state.extensions().keySet().stream().sorted().filter(e -> e.length() >= shortest).forEach(e ->
        problems.add(new Problem("nationalNumberLengths",
            "extension " + e + " of " + state.extensions().get(e) + " would be as long as a national number ("
                + shortest + " digits); shorten the extension first")));
    return problems.isEmpty() ? DirectoryDecision.accept(List.of(new NumberPlanSet(plan))) : DirectoryDecision.refuse(problems);
  }

  private static DirectoryDecision setMainNumber(DirectoryState state, E164 number) {
    if (Objects.equals(number, state.mainNumber())) {
      return DirectoryDecision.accept(List.of());
    }
    if (number == null) {
      List<String> dependents =
          state.gateways().values().stream().filter(g -> g.callerId().needsMainNumber()).map(Gateway::id).sorted().toList();
      if (!dependents.isEmpty()) {
        return DirectoryDecision.refuse("mainNumber",
            "gateway(s) " + String.join(", ", dependents) + " fall back to the main number; keep one or give them a fixed caller id");
      }
      return DirectoryDecision.accept(List.of(new MainNumberSet(null)));
    }
    if (state.number(number) == null) {
      return DirectoryDecision.refuse("mainNumber", "main number " + number + " is not in the inventory; add it under numbers first");
    }
    return DirectoryDecision.accept(List.of(new MainNumberSet(number)));
  }

  private static DirectoryDecision assign(DirectoryState state, E164 number, Target target) {
    NumberEntry entry = state.number(number);
    if (entry == null) {
      return DirectoryDecision.refuse("number", "number " + number + " is not in the inventory; add it under numbers first");
    }
    if (!state.exists(target)) {
      return unknown("assign", target.kind(), target.id());
    }
    if (entry.state() == NumberState.PORTING_IN) {
      return DirectoryDecision.refuse("number", "number " + number + " is still porting in; assign it once the port completes");
    }
    if (target.equals(entry.assignedTo())) {
      return DirectoryDecision.accept(List.of());
    }
    if (entry.assignedTo() != null) {
      return DirectoryDecision.refuse("assign", "number " + number + " is already assigned to " + entry.assignedTo() + "; unassign it first");
    }
    List<DirectoryEvent> events = new ArrayList<>();
    events.add(new NumberAssigned(number, target));
    if (target.kind() == Target.Kind.USER) {
      provisionUserMailbox(state, state.users().get(target.id()), events);
    }
    return DirectoryDecision.accept(events);
  }

  private static DirectoryDecision addUser(DirectoryState state, AddUser c) {
    List<Problem> problems = new ArrayList<>(User.problems(c.id(), c.extension(), c.displayName(), c.endpoints()));
    if (state.users().containsKey(c.id())) {
      problems.add(new Problem("id", "user " + c.id() + " is already defined; give each user their own id"));
    } else if (state.mailboxes().containsKey(c.id()) && !c.id().equals(state.mailboxes().get(c.id()).ownerUserId())) {
      // A box left by a removed user of the same id is the returning user's own box: it is kept.
      problems.add(new Problem("id", "user id " + c.id() + " is already the id of shared mailbox " + c.id()
          + "; the user's own mailbox needs it, so rename one of them"));
    }
    if (c.extension() != null && User.extensionProblem(c.extension()) == null) {
      addExtensionConflicts(state, c.extension(), Target.user(c.id()), problems);
    }
    if (!problems.isEmpty()) {
      return DirectoryDecision.refuse(problems);
    }
    User user = new User(c.id(), c.extension(), c.displayName(), c.endpoints(), c.listedInDirectory());
    List<DirectoryEvent> events = new ArrayList<>();
    events.add(new UserAdded(user));
    if (c.extension() != null) {
      provisionUserMailbox(state, user, events);
    }
    return DirectoryDecision.accept(events);
  }

  private static DirectoryDecision setExtension(DirectoryState state, String userId, String extension) {
    User user = state.users().get(userId);
    if (user == null) {
      return unknown("id", Target.Kind.USER, userId);
    }
    if (Objects.equals(extension, user.extension())) {
      return DirectoryDecision.accept(List.of());
    }
    List<DirectoryEvent> events = new ArrayList<>();
    if (extension != null) {
      String problem = User.extensionProblem(extension);
      if (problem != null) {
        return DirectoryDecision.refuse("extension", problem);
      }
      List<Problem> problems = new ArrayList<>();
      addExtensionConflicts(state, extension, Target.user(userId), problems);
      if (!problems.isEmpty()) {
        return DirectoryDecision.refuse(problems);
      }
    }
    events.add(new ExtensionSet(userId, user.extension(), extension));
    if (extension != null) {
      provisionUserMailbox(state, user, events);
    }
    return DirectoryDecision.accept(events);
  }

  private static DirectoryDecision addQueue(DirectoryState state, AddQueue c) {
    List<Problem> problems = new ArrayList<>();
    addIdProblem(problems, "queue", c.id());
    if (state.queues().containsKey(c.id())) {
      problems.add(new Problem("id", "queue " + c.id() + " is already defined; give each queue its own id"));
    }
    if (c.displayName() == null || c.displayName().isBlank()) {
      problems.add(new Problem("name", "queue " + c.id() + " needs a name"));
    }
    if (c.extension() != null) {
      String extensionProblem = User.extensionProblem(c.extension());
      if (extensionProblem != null) {
        problems.add(new Problem("extension", extensionProblem));
      } else {
        addExtensionConflicts(state, c.extension(), Target.queue(c.id()), problems);
      }
    }
    return problems.isEmpty()
        ? DirectoryDecision.accept(List.of(new QueueAdded(new QueueEntry(c.id(), c.displayName(), c.extension()))))
        : DirectoryDecision.refuse(problems);
  }

  private static DirectoryDecision changeQueue(DirectoryState state, ChangeQueue c) {
    QueueEntry existing = state.queues().get(c.id());
    if (existing == null) {
      return unknown("id", Target.Kind.QUEUE, c.id());
    }
    List<Problem> problems = new ArrayList<>();
    if (c.displayName() == null || c.displayName().isBlank()) {
      problems.add(new Problem("name", "queue " + c.id() + " needs a name"));
    }
    if (c.extension() != null) {
      String extensionProblem = User.extensionProblem(c.extension());
      if (extensionProblem != null) {
        problems.add(new Problem("extension", extensionProblem));
      } else if (!c.extension().equals(existing.extension())) {
        addExtensionConflicts(state, c.extension(), Target.queue(c.id()), problems);
      }
    }
    if (!problems.isEmpty()) {
      return DirectoryDecision.refuse(problems);
    }
    QueueEntry changed = new QueueEntry(c.id(), c.displayName(), c.extension());
    return changed.equals(existing)
        ? DirectoryDecision.accept(List.of())
        : DirectoryDecision.accept(List.of(new QueueChanged(changed, existing.extension())));
  }

  private static DirectoryDecision putGateway(DirectoryState state, Gateway gateway) {
    CallerIdRule rule = gateway.callerId();
    if (rule.needsMainNumber() && state.mainNumber() == null) {
      return DirectoryDecision.refuse("callerId", "gateway " + gateway.id() + " falls back to the main number, but none is set;"
          + " set mainNumber or use caller id mode fixed");
    }
    if (rule.mode() == CallerIdRule.Mode.FIXED && state.number(rule.fixedNumber()) == null) {
      return DirectoryDecision.refuse("callerId", "gateway " + gateway.id() + " would present " + rule.fixedNumber()
          + ", which is not in the inventory; present a number the organisation holds");
    }
    return gateway.equals(state.gateways().get(gateway.id()))
        ? DirectoryDecision.accept(List.of())
        : DirectoryDecision.accept(List.of(new GatewayPut(gateway)));
  }

  private static void provisionUserMailbox(DirectoryState state, User user, List<DirectoryEvent> events) {
    if (!state.mailboxes().containsKey(user.id())) {
      events.add(new MailboxProvisioned(new MailboxEntry(user.id(), MailboxKind.USER, user.id(), user.displayName())));
    }
  }

  private static void addExtensionConflicts(DirectoryState state, String extension, Target owner, List<Problem> problems) {
    Target holder = state.extensions().get(extension);
    if (holder != null && !holder.equals(owner)) {
      problems.add(new Problem("extension", "extension " + extension + " is already used by " + holder + "; choose a free extension"));
    }
    int shortest = state.numberPlan().nationalNumberLengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
    if (extension.length() >= shortest) {
      problems.add(new Problem("extension", "extension " + extension + " is as long as a national number (" + shortest
          + " digits), so dialing it would be ambiguous; use a shorter extension"));
    }
  }

  private static DirectoryDecision refuseIfNumbered(DirectoryState state, Target target, DirectoryEvent removal) {
    List<E164> numbers = state.numbersOf(target);
    if (!numbers.isEmpty()) {
      return DirectoryDecision.refuse("id", target + " still has number(s) "
          + numbers.stream().map(E164::value).collect(Collectors.joining(", ")) + "; unassign them first");
    }
    return DirectoryDecision.accept(List.of(removal));
  }

  private static void addIdProblem(List<Problem> problems, String kind, String id) {
    String problem = Ids.problem(kind, id);
    if (problem != null) {
      problems.add(new Problem("id", problem));
    }
  }

  private static DirectoryDecision notInInventory(E164 number) {
    return DirectoryDecision.refuse("number", "number " + number + " is not in the inventory");
  }

  private static DirectoryDecision unknown(String field, Target.Kind kind, String id) {
    String section = switch (kind) {
      case FLOW -> "flows";
      case QUEUE -> "queues";
      case USER -> "users";
    };
    return DirectoryDecision.refuse(field, "unknown " + kind.word() + " " + id + "; define it under " + section + " first");
  }

  private static String word(NumberState state) {
    return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  // ---------------------------------------------------------------------------------------------
  // evolve

  /** Applies a sequence of events. */
  public static DirectoryState evolveAll(DirectoryState state, List<DirectoryEvent> events) {
    DirectoryState current = state;
    for (DirectoryEvent event : events) {
      current = evolve(current, event);
    }
    return current;
  }

  /** The state after {@code event}. */
  public static DirectoryState evolve(DirectoryState state, DirectoryEvent event) {
    if (event instanceof NumberPlanSet e) {
      return state.withNumberPlan(e.plan());
    }
    if (event instanceof MainNumberSet e) {
      return state.withMainNumber(e.number());
    }
    if (event instanceof NumberAdded e) {
      return state.withNumbers(put(state.numbers(), e.number().value(), new NumberEntry(e.number(), e.state(), null)));
    }
    if (event instanceof PortCompleted e) {
      return state.withNumbers(put(state.numbers(), e.number().value(), new NumberEntry(e.number(), NumberState.AVAILABLE, null)));
    }
    if (event instanceof NumberRemoved e) {
      return state.withNumbers(remove(state.numbers(), e.number().value()));
    }
    if (event instanceof NumberAssigned e) {
      return state.withNumbers(put(state.numbers(), e.number().value(), new NumberEntry(e.number(), NumberState.ASSIGNED, e.target())));
    }
    if (event instanceof NumberUnassigned e) {
      return state.withNumbers(put(state.numbers(), e.number().value(), new NumberEntry(e.number(), NumberState.AVAILABLE, null)));
    }
    if (event instanceof UserAdded e) {
      DirectoryState next = state.withUsers(put(state.users(), e.user().id(), e.user()));
      return e.user().extension() == null
          ? next
          : next.withExtensions(put(next.extensions(), e.user().extension(), Target.user(e.user().id())));
    }
    if (event instanceof UserChanged e) {
      return state.withUsers(put(state.users(), e.user().id(), e.user()));
    }
    if (event instanceof ExtensionSet e) {
      User user = state.users().get(e.userId());
      Map<String, Target> extensions = new HashMap<>(state.extensions());
      if (e.previousExtension() != null) {
        extensions.remove(e.previousExtension());
      }
      if (e.extension() != null) {
        extensions.put(e.extension(), Target.user(e.userId()));
      }
      DirectoryState next = state.withExtensions(extensions);
      return user == null
          ? next
          : next.withUsers(put(next.users(), user.id(),
              new User(user.id(), e.extension(), user.displayName(), user.endpoints(), user.listedInDirectory())));
    }
    if (event instanceof UserRemoved e) {
      User user = state.users().get(e.userId());
      DirectoryState next = state.withUsers(remove(state.users(), e.userId()));
      return user == null || user.extension() == null ? next : next.withExtensions(remove(next.extensions(), user.extension()));
    }
    if (event instanceof QueueAdded e) {
      DirectoryState next = state.withQueues(put(state.queues(), e.queue().id(), e.queue()));
      return e.queue().extension() == null
          ? next
          : next.withExtensions(put(next.extensions(), e.queue().extension(), Target.queue(e.queue().id())));
    }
    if (event instanceof QueueChanged e) {
      Map<String, Target> extensions = new HashMap<>(state.extensions());
      if (e.previousExtension() != null) {
        extensions.remove(e.previousExtension());
      }
      if (e.queue().extension() != null) {
        extensions.put(e.queue().extension(), Target.queue(e.queue().id()));
      }
      return state.withQueues(put(state.queues(), e.queue().id(), e.queue())).withExtensions(extensions);
    }
    if (event instanceof QueueRemoved e) {
      QueueEntry queue = state.queues().get(e.queueId());
      DirectoryState next = state.withQueues(remove(state.queues(), e.queueId()));
      return queue == null || queue.extension() == null ? next : next.withExtensions(remove(next.extensions(), queue.extension()));
    }
    if (event instanceof FlowAdded e) {
      return state.withFlows(put(state.flows(), e.flow().id(), e.flow()));
    }
    if (event instanceof FlowChanged e) {
      return state.withFlows(put(state.flows(), e.flow().id(), e.flow()));
    }
    if (event instanceof FlowRemoved e) {
      return state.withFlows(remove(state.flows(), e.flowId()));
    }
    if (event instanceof MailboxProvisioned e) {
      return state.withMailboxes(put(state.mailboxes(), e.mailbox().id(), e.mailbox()));
    }
    if (event instanceof MailboxRemoved e) {
      return state.withMailboxes(remove(state.mailboxes(), e.mailboxId()));
    }
    if (event instanceof GatewayPut e) {
      return state.withGateways(put(state.gateways(), e.gateway().id(), e.gateway()));
    }
    if (event instanceof GatewayRemoved e) {
      return state.withGateways(remove(state.gateways(), e.gatewayId()));
    }
    if (event instanceof OutboundRoutesSet e) {
      return state.withOutboundRoutes(e.routes());
    }
    throw new IllegalStateException("unhandled directory event " + event.getClass().getName());
  }

  private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
    Map<String, V> copy = new HashMap<>(map);
    copy.put(key, value);
    return copy;
  }

  private static <V> Map<String, V> remove(Map<String, V> map, String key) {
    Map<String, V> copy = new HashMap<>(map);
    copy.remove(key);
    return copy;
  }
}
