package io.switchboard.flows.internal.runtime;

import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.FlowInput;
import io.switchboard.flows.FlowState;
import io.switchboard.flows.FlowState.Finished;
import io.switchboard.flows.FlowState.NotStarted;
import io.switchboard.flows.FlowState.Playing;
import io.switchboard.flows.FlowState.Position;
import io.switchboard.flows.FlowState.Prompting;
import io.switchboard.flows.FlowState.Stage;
import io.switchboard.flows.FlowState.Transferring;
import io.switchboard.flows.Prompt;
import io.switchboard.flows.Step;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.directory.DirectoryUser;
import io.switchboard.flows.model.CollectNode;
import io.switchboard.flows.model.ConditionNode;
import io.switchboard.flows.model.DialByExtensionNode;
import io.switchboard.flows.model.DialByNameNode;
import io.switchboard.flows.model.Flow;
import io.switchboard.flows.model.HangupNode;
import io.switchboard.flows.model.MenuNode;
import io.switchboard.flows.model.Node;
import io.switchboard.flows.model.PlayNode;
import io.switchboard.flows.model.PromptSpec;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.model.SetNode;
import io.switchboard.flows.model.TransferNode;
import io.switchboard.flows.model.VoicemailNode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The state machine of one compiled flow: {@code step(state, input, context) -> (state,
 * commands)}. Pure and deterministic: the same state, input and context always give the same
 * step; time is the context's, ids come from the state's counter. Immutable and thread-safe; each
 * call works on its own local accumulator.
 */
public final class FlowMachine {

  /** The cause used when a transfer fails and the node says nothing about it. */
  public static final String TRANSFER_FAILED_CAUSE = "NORMAL_TEMPORARY_FAILURE";

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  private final Flow flow;
  private final String version;
  private final PromptResolver prompts;
  /** Moves without waiting within one step; validated flows have no such cycle, so this is a guard. */
  private final int maxMoves;

  public FlowMachine(Flow flow, String version) {
    this.flow = flow;
    this.version = version;
    this.prompts = new PromptResolver(flow);
    this.maxMoves = flow.nodes().size() * 2 + 8;
  }

  public FlowState initialState() {
    return new FlowState(flow.id(), version, flow.language(), Map.of(), new NotStarted(), 0);
  }

  public Step step(FlowState state, FlowInput input, FlowContext context) {
    if (!state.flowId().equals(flow.id()) || !state.flowVersion().equals(version)) {
      throw new IllegalArgumentException("state of flow " + state.flowId() + " " + state.flowVersion()
          + " given to flow " + flow.id() + " " + version + "; a call stays on the version it started with");
    }
    Run run = new Run(state, context);
    Position position = state.position();
    Next next;
    if (position instanceof NotStarted) {
      if (!(input instanceof FlowInput.Started)) {
        return new Step(state, List.of());
      }
      chooseLanguage(run);
      next = new Go(flow.start(), null);
    } else if (position instanceof Finished) {
      return new Step(state, List.of());
    } else if (position instanceof Transferring t) {
      next = onTransferring(run, t, input);
    } else if (position instanceof Playing p) {
      next = onPlaying(run, p, input);
    } else {
      next = onPrompting(run, (Prompting) position, input);
    }
    int moves = 0;
    while (next instanceof Go go) {
      if (++moves > maxMoves) {
        run.decide(go.node(), "loop-guard", "more than " + maxMoves + " moves without waiting; hanging up");
        run.commands.add(new FlowCommand.Hangup(TRANSFER_FAILED_CAUSE));
        next = new Wait(new Finished("hangup " + TRANSFER_FAILED_CAUSE));
        break;
      }
      next = enter(run, node(go.node()), go.typeahead());
    }
    Position after = ((Wait) next).position();
    if (after == position && run.commands.isEmpty()) {
      return new Step(state, List.of());
    }
    return new Step(run.state(after), run.commands);
  }

  private Node node(String id) {
    Node n = flow.nodes().get(id);
    if (n == null) {
      throw new IllegalArgumentException("flow " + flow.id() + " has no node '" + id + "'");
    }
    return n;
  }

  // ---- moves -----------------------------------------------------------------------------------

  /** What a handler decided: wait in a position, or go to a node (with a key typed ahead). */
  private sealed interface Next permits Wait, Go {}

  private record Wait(Position position) implements Next {}

  private record Go(String node, Character typeahead) implements Next {}

  private void chooseLanguage(Run run) {
    String wanted = run.context.language();
    if (wanted.isEmpty() || flow.languages().contains(wanted)) {
      run.language = wanted.isEmpty() ? flow.language() : wanted;
      return;
    }
    String primary = wanted.split("-")[0];
    for (String offered : flow.languages()) {
      if (offered.split("-")[0].equalsIgnoreCase(primary)) {
        run.language = offered;
        run.decide(flow.start(), "language", "the call's language " + wanted + " is not offered; using " + offered);
        return;
      }
    }
    run.language = flow.language();
    run.decide(flow.start(), "language", "the call's language " + wanted + " is not offered; using the default "
        + flow.language());
  }

  private Next enter(Run run, Node node, Character typeahead) {
    if (node instanceof MenuNode m) {
      if (typeahead != null) {
        return menuKey(run, m, 0, typeahead);
      }
      return menuPrompt(run, m, 0);
    }
    if (node instanceof PlayNode p) {
      String id = run.play(p.id(), p.prompt(), p.interruptible());
      return new Wait(new Playing(p.id(), id));
    }
    if (node instanceof CollectNode || node instanceof DialByExtensionNode || node instanceof DialByNameNode) {
      Entry e = Entry.of(node);
      if (typeahead != null) {
        return entryKey(run, e, new Prompting(node.id(), Stage.INPUT, 0, "", List.of(), null, null), typeahead);
      }
      return entryPrompt(run, e, 0);
    }
    if (node instanceof ScheduleNode s) {
      return schedule(run, s, typeahead);
    }
    if (node instanceof ConditionNode c) {
      return condition(run, c, typeahead);
    }
    if (node instanceof SetNode s) {
      s.variables().forEach(run::setVariable);
      if (s.language() != null) {
        run.language = s.language();
        run.commands.add(new FlowCommand.SetVariable("language", s.language()));
      }
      return new Go(s.next(), typeahead);
    }
    if (node instanceof TransferNode t) {
      if (t.prompt() != null) {
        return new Wait(new Playing(t.id(), run.play(t.id(), t.prompt(), false)));
      }
      return transfer(run, t.id(), t.target());
    }
    if (node instanceof VoicemailNode v) {
      List<Prompt> greeting = prompts.resolve(v.greeting(), run.language, Map.of());
      run.commands.add(new FlowCommand.RecordVoicemail(v.mailbox(), greeting, v.maxLength()));
      return new Wait(new Finished("voicemail " + v.mailbox()));
    }
    HangupNode h = (HangupNode) node;
    run.commands.add(new FlowCommand.Hangup(h.cause()));
    return new Wait(new Finished("hangup " + h.cause()));
  }

  private Next transfer(Run run, String nodeId, TransferTarget target) {
    run.commands.add(new FlowCommand.Transfer(target));
    return new Wait(new Transferring(nodeId, target));
  }

  private Next onTransferring(Run run, Transferring t, FlowInput input) {
    if (!(input instanceof FlowInput.TransferFailed failed)) {
      return new Wait(t);
    }
    Node node = node(t.node());
    String reason = "transfer to " + t.target().describe() + " failed: " + failed.reason();
    String onFailure = null;
    String branch = "failed";
    if (node instanceof TransferNode n) {
      onFailure = n.onFailure();
    } else if (node instanceof DialByExtensionNode n) {
      onFailure = n.onFailure();
      branch = "transfer-failed";
    } else if (node instanceof DialByNameNode n) {
      onFailure = n.onFailure();
      branch = "transfer-failed";
    }
    if (onFailure == null) {
      run.decide(t.node(), branch, reason + "; no on-failure, hanging up");
      run.commands.add(new FlowCommand.Hangup(TRANSFER_FAILED_CAUSE));
      return new Wait(new Finished("hangup " + TRANSFER_FAILED_CAUSE));
    }
    run.decide(t.node(), branch, reason);
    return new Go(onFailure, null);
  }

  private Next onPlaying(Run run, Playing p, FlowInput input) {
    Node node = node(p.node());
    if (input instanceof FlowInput.PromptFinished f && f.playbackId().equals(p.playbackId())) {
      if (node instanceof TransferNode t) {
        return transfer(run, t.id(), t.target());
      }
      return new Go(((PlayNode) node).next(), null);
    }
    if (input instanceof FlowInput.Digit d && node instanceof PlayNode play && play.interruptible()) {
      run.commands.add(new FlowCommand.StopPlayback(p.playbackId()));
      return new Go(play.next(), d.digit());
    }
    return new Wait(p);
  }

  private Next onPrompting(Run run, Prompting p, FlowInput input) {
    Node node = node(p.node());
    if (node instanceof MenuNode m) {
      return onMenu(run, m, p, input);
    }
    return onEntry(run, Entry.of(node), p, input);
  }

  // ---- menu ------------------------------------------------------------------------------------

  private Next menuPrompt(Run run, MenuNode m, int failures) {
    String id = run.play(m.id(), m.prompt(), true);
    return new Wait(new Prompting(m.id(), Stage.PROMPT, failures, "", List.of(), id, null));
  }

  private Next onMenu(Run run, MenuNode m, Prompting p, FlowInput input) {
    boolean playing = p.stage() == Stage.PROMPT || p.stage() == Stage.NOTICE;
    if (playing && input instanceof FlowInput.PromptFinished f && f.playbackId().equals(p.playbackId())) {
      if (p.stage() == Stage.NOTICE) {
        return menuPrompt(run, m, p.failures());
      }
      String timer = run.startTimer(m.id(), m.timeout());
      return new Wait(new Prompting(m.id(), Stage.INPUT, p.failures(), "", List.of(), null, timer));
    }
    if (input instanceof FlowInput.Digit d) {
      if (playing) {
        run.commands.add(new FlowCommand.StopPlayback(p.playbackId()));
      } else {
        run.commands.add(new FlowCommand.CancelDigitTimer(p.timerId()));
      }
      return menuKey(run, m, p.failures(), d.digit());
    }
    if (!playing && input instanceof FlowInput.TimerFired t && t.timerId().equals(p.timerId())) {
      int failures = p.failures() + 1;
      String why = "no key within " + seconds(m.timeout());
      if (failures > m.retries()) {
        run.decide(m.id(), "on-timeout", why + "; no retry left");
        return new Go(m.onTimeout(), null);
      }
      run.decide(m.id(), "timeout", why + "; retry " + failures + " of " + m.retries());
      return menuNotice(run, m, m.timeoutPrompt(), failures);
    }
    return new Wait(p);
  }

  private Next menuKey(Run run, MenuNode m, int failures, char key) {
    String k = String.valueOf(key);
    String target = m.options().get(k);
    if (target != null) {
      run.decide(m.id(), k, "key " + k + " pressed");
      return new Go(target, null);
    }
    if (k.equals(m.repeatKey())) {
      run.decide(m.id(), "repeat", "key " + k + " repeats the menu");
      return menuPrompt(run, m, failures);
    }
    int f = failures + 1;
    String why = "key " + k + " is not an option (" + String.join(", ", m.options().keySet()) + ")";
    if (f > m.retries()) {
      run.decide(m.id(), "on-invalid", why + "; no retry left");
      return new Go(m.invalidTarget(), null);
    }
    run.decide(m.id(), "invalid", why + "; retry " + f + " of " + m.retries());
    return menuNotice(run, m, m.invalidPrompt(), f);
  }

  private Next menuNotice(Run run, MenuNode m, PromptSpec notice, int failures) {
    if (notice == null) {
      return menuPrompt(run, m, failures);
    }
    String id = run.play(m.id(), notice, true);
    return new Wait(new Prompting(m.id(), Stage.NOTICE, failures, "", List.of(), id, null));
  }

  // ---- digit entry: collect, dial by extension, dial by name -----------------------------------

  /** The settings the three entry nodes share. */
  private record Entry(Node node, PromptSpec prompt, int maxLength, Character terminator, Duration timeout,
      Duration interDigitTimeout, int retries, String onFailure) {
    static Entry of(Node node) {
      if (node instanceof CollectNode c) {
        return new Entry(c, c.prompt(), c.maxLength(), c.terminator(), c.timeout(), c.interDigitTimeout(),
            c.retries(), c.onFailure());
      }
      if (node instanceof DialByExtensionNode x) {
        return new Entry(x, x.prompt(), x.maxLength(), x.terminator(), x.timeout(), x.interDigitTimeout(),
            x.retries(), x.onFailure());
      }
      DialByNameNode n = (DialByNameNode) node;
      return new Entry(n, n.prompt(), n.maxLetters(), n.terminator(), n.timeout(), n.interDigitTimeout(),
          n.retries(), n.onFailure());
    }

    String id() {
      return node.id();
    }
  }

  private Next entryPrompt(Run run, Entry e, int failures) {
    String id = run.play(e.id(), e.prompt(), true);
    return new Wait(new Prompting(e.id(), Stage.PROMPT, failures, "", List.of(), id, null));
  }

  private Next onEntry(Run run, Entry e, Prompting p, FlowInput input) {
    switch (p.stage()) {
      case PROMPT, NOTICE -> {
        if (input instanceof FlowInput.PromptFinished f && f.playbackId().equals(p.playbackId())) {
          if (p.stage() == Stage.NOTICE) {
            return entryPrompt(run, e, p.failures());
          }
          String timer = run.startTimer(e.id(), e.timeout());
          return new Wait(new Prompting(e.id(), Stage.INPUT, p.failures(), "", List.of(), null, timer));
        }
        if (input instanceof FlowInput.Digit d) {
          run.commands.add(new FlowCommand.StopPlayback(p.playbackId()));
          return entryKey(run, e, new Prompting(e.id(), Stage.INPUT, p.failures(), "", List.of(), null, null), d.digit());
        }
      }
      case INPUT -> {
        if (input instanceof FlowInput.Digit d) {
          run.commands.add(new FlowCommand.CancelDigitTimer(p.timerId()));
          return entryKey(run, e, p, d.digit());
        }
        if (input instanceof FlowInput.TimerFired t && t.timerId().equals(p.timerId())) {
          if (p.digits().isEmpty()) {
            return entryFailure(run, e, p.failures(), "timeout", "nothing typed within " + seconds(e.timeout()),
                null);
          }
          return complete(run, e, p, "no more keys within " + seconds(e.interDigitTimeout()));
        }
      }
      case CHOICES -> {
        if (input instanceof FlowInput.PromptFinished f && f.playbackId().equals(p.playbackId())) {
          String timer = run.startTimer(e.id(), e.timeout());
          return new Wait(new Prompting(e.id(), Stage.CHOICE_INPUT, p.failures(), p.digits(), p.choices(), null, timer));
        }
        if (input instanceof FlowInput.Digit d) {
          run.commands.add(new FlowCommand.StopPlayback(p.playbackId()));
          return choose(run, (DialByNameNode) e.node(), p, d.digit());
        }
      }
      case CHOICE_INPUT -> {
        if (input instanceof FlowInput.Digit d) {
          run.commands.add(new FlowCommand.CancelDigitTimer(p.timerId()));
          return choose(run, (DialByNameNode) e.node(), p, d.digit());
        }
        if (input instanceof FlowInput.TimerFired t && t.timerId().equals(p.timerId())) {
          return choiceFailure(run, (DialByNameNode) e.node(), p, "timeout", "no choice within " + seconds(e.timeout()));
        }
      }
      default -> throw new IllegalStateException(p.stage().toString());
    }
    return new Wait(p);
  }

  private Next entryKey(Run run, Entry e, Prompting p, char key) {
    if (e.terminator() != null && key == e.terminator()) {
      return complete(run, e, p, "ended with " + key);
    }
    String digits = p.digits() + key;
    if (digits.length() >= e.maxLength()) {
      return complete(run, e, p.withDigits(digits), "reached " + e.maxLength() + (e.node() instanceof DialByNameNode
          ? " letters" : " digits"));
    }
    Duration wait = e.interDigitTimeout();
    String timer = run.startTimer(e.id(), wait);
    return new Wait(new Prompting(e.id(), Stage.INPUT, p.failures(), digits, List.of(), null, timer));
  }

  private Next complete(Run run, Entry e, Prompting p, String how) {
    String digits = p.digits();
    Node node = e.node();
    if (node instanceof CollectNode c) {
      if (digits.length() < c.minLength()) {
        return entryFailure(run, e, p.failures(), "invalid", "'" + digits + "' (" + how + ") is shorter than "
            + c.minLength() + " digits", c.invalidPrompt());
      }
      if (c.pattern() != null && !c.pattern().matcher(digits).matches()) {
        return entryFailure(run, e, p.failures(), "invalid", "'" + digits + "' does not match " + c.pattern().pattern(),
            c.invalidPrompt());
      }
      run.setVariable(c.variable(), digits);
      run.decide(c.id(), "collected", "collected '" + digits + "' into " + c.variable() + " (" + how + ")");
      return new Go(c.next(), null);
    }
    if (node instanceof DialByExtensionNode x) {
      if (digits.length() < x.minLength()) {
        return entryFailure(run, e, p.failures(), "not-found", "'" + digits + "' (" + how + ") is shorter than "
            + x.minLength() + " digits", x.notFoundPrompt());
      }
      Optional<DirectoryUser> user = run.context.directory().userByExtension(digits);
      if (user.isEmpty()) {
        return entryFailure(run, e, p.failures(), "not-found", "no user has extension " + digits, x.notFoundPrompt());
      }
      DirectoryUser u = user.get();
      run.decide(x.id(), "found", "extension " + digits + " is user " + u.id() + named(u));
      return transfer(run, x.id(), new TransferTarget.User(u.id()));
    }
    DialByNameNode n = (DialByNameNode) node;
    if (digits.length() < n.minLetters()) {
      return entryFailure(run, e, p.failures(), "no-match", "'" + digits + "' (" + how + ") has fewer than "
          + n.minLetters() + " letters", n.noMatchPrompt());
    }
    List<DirectoryUser> found = NameSearch.find(run.context.directory().users(), digits, n.search());
    if (found.isEmpty()) {
      return entryFailure(run, e, p.failures(), "no-match", "no " + n.search().label() + " starts with keys " + digits,
          n.noMatchPrompt());
    }
    if (found.size() > n.maxMatches()) {
      return entryFailure(run, e, p.failures(), "too-many", found.size() + " names start with keys " + digits
          + ", more than " + n.maxMatches(), n.tooManyPrompt());
    }
    if (found.size() == 1 && !n.confirmAlways()) {
      DirectoryUser u = found.get(0);
      run.decide(n.id(), "match", "keys " + digits + " match only " + u.displayName() + " (" + u.id() + ")");
      return transfer(run, n.id(), new TransferTarget.User(u.id()));
    }
    List<String> ids = found.stream().map(DirectoryUser::id).toList();
    return offerChoices(run, n, new Prompting(n.id(), Stage.CHOICES, p.failures(), digits, ids, null, null));
  }

  private Next offerChoices(Run run, DialByNameNode n, Prompting p) {
    Map<String, DirectoryUser> byId = new LinkedHashMap<>();
    run.context.directory().users().forEach(u -> byId.put(u.id(), u));
    List<Prompt> all = new ArrayList<>();
    for (int i = 0; i < p.choices().size(); i++) {
      DirectoryUser u = byId.get(p.choices().get(i));
      String name = u == null ? p.choices().get(i) : u.displayName();
      String extension = u == null ? "" : u.extension();
      all.addAll(prompts.resolve(n.matchPrompt(), run.language,
          Map.of("name", name, "extension", extension, "key", String.valueOf(i + 1))));
    }
    String id = run.nextId(n.id(), "p");
    run.commands.add(new FlowCommand.Play(id, n.matchPrompt().label(), all, true));
    return new Wait(new Prompting(n.id(), Stage.CHOICES, p.failures(), p.digits(), p.choices(), id, null));
  }

  private Next choose(Run run, DialByNameNode n, Prompting p, char key) {
    if (key == '*') {
      run.decide(n.id(), "restart", "key * starts the search again");
      return entryPrompt(run, Entry.of(n), p.failures());
    }
    int index = key - '1';
    if (index >= 0 && index < p.choices().size()) {
      String userId = p.choices().get(index);
      run.decide(n.id(), "chosen", "key " + key + " chose " + userId + " among " + String.join(", ", p.choices()));
      return transfer(run, n.id(), new TransferTarget.User(userId));
    }
    return choiceFailure(run, n, p, "invalid", "key " + key + " is not one of the " + p.choices().size() + " choices");
  }

  private Next choiceFailure(Run run, DialByNameNode n, Prompting p, String branch, String why) {
    int f = p.failures() + 1;
    if (f > n.retries()) {
      run.decide(n.id(), "on-failure", why + "; no retry left");
      return new Go(n.onFailure(), null);
    }
    run.decide(n.id(), branch, why + "; retry " + f + " of " + n.retries());
    return offerChoices(run, n, new Prompting(n.id(), Stage.CHOICES, f, p.digits(), p.choices(), null, null));
  }

  private Next entryFailure(Run run, Entry e, int failures, String branch, String why, PromptSpec notice) {
    int f = failures + 1;
    if (f > e.retries()) {
      run.decide(e.id(), "on-failure", why + "; no retry left");
      return new Go(e.onFailure(), null);
    }
    run.decide(e.id(), branch, why + "; retry " + f + " of " + e.retries());
    if (notice == null) {
      return entryPrompt(run, e, f);
    }
    String id = run.play(e.id(), notice, true);
    return new Wait(new Prompting(e.id(), Stage.NOTICE, f, "", List.of(), id, null));
  }

  // ---- schedule and condition ------------------------------------------------------------------

  private Next schedule(Run run, ScheduleNode s, Character typeahead) {
    LocalDateTime local = LocalDateTime.ofInstant(run.context.now(), s.zone());
    int minute = local.getHour() * 60 + local.getMinute();
    String when = WHEN.format(local) + " " + s.zone().getId();
    for (ScheduleNode.Holiday h : s.holidays()) {
      if (h.covers(local.toLocalDate(), minute)) {
        run.decide(s.id(), "holiday", when + ": " + h.describe());
        return new Go(s.target(ScheduleNode.Branch.HOLIDAY), typeahead);
      }
    }
    for (ScheduleNode.Rule r : s.rules()) {
      if (r.covers(local.getDayOfWeek(), minute)) {
        run.decide(s.id(), r.branch().label(), when + ": " + r.describe());
        return new Go(s.target(r.branch()), typeahead);
      }
    }
    ScheduleNode.Branch b = s.otherwise() != null ? s.otherwise() : ScheduleNode.Branch.CLOSED;
    run.decide(s.id(), b.label(), when + ": no rule covers this time; " + (s.otherwise() != null
        ? "otherwise: " + b.label() : "treated as closed (the 365-day check passed when the flow was loaded)"));
    return new Go(s.target(b), typeahead);
  }

  private Next condition(Run run, ConditionNode c, Character typeahead) {
    for (ConditionNode.Branch b : c.branches()) {
      List<String> why = new ArrayList<>();
      if (holds(run, b.when(), why)) {
        run.decide(c.id(), b.label(), "branch " + (b.index() + 1) + ": " + String.join("; ", why));
        return new Go(b.next(), typeahead);
      }
    }
    run.decide(c.id(), "otherwise", "no branch holds (caller '" + run.context.callerNumber() + "', language "
        + run.language + ")");
    return new Go(c.otherwise(), typeahead);
  }

  private boolean holds(Run run, ConditionNode.When w, List<String> why) {
    FlowContext ctx = run.context;
    if (!w.caller().isEmpty() && !matchAny(w.caller(), ctx.callerNumber(), "caller", why)) {
      return false;
    }
    if (!w.callerName().isEmpty() && !matchAny(w.callerName(), ctx.callerName(), "caller name", why)) {
      return false;
    }
    if (!w.dialled().isEmpty() && !matchAny(w.dialled(), ctx.dialledNumber(), "dialled number", why)) {
      return false;
    }
    if (!w.languages().isEmpty()) {
      if (!w.languages().contains(run.language)) {
        return false;
      }
      why.add("language " + run.language + " is one of " + w.languages());
    }
    if (w.variable() != null) {
      String value = run.variable(w.variable());
      String shown = value == null ? "unset" : "'" + value + "'";
      if (w.present() != null) {
        if ((value != null) != w.present()) {
          return false;
        }
        why.add("variable " + w.variable() + " is " + (w.present() ? "set" : "unset"));
      }
      if (w.equalsValue() != null) {
        if (!w.equalsValue().equals(value)) {
          return false;
        }
        why.add("variable " + w.variable() + " = " + shown);
      }
      if (!w.matches().isEmpty() && (value == null || !matchAny(w.matches(), value, "variable " + w.variable(), why))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchAny(List<ConditionNode.Matcher> matchers, String value, String what, List<String> why) {
    for (ConditionNode.Matcher m : matchers) {
      if (m.matches(value)) {
        why.add(what + " '" + value + "' matches '" + m.source() + "'");
        return true;
      }
    }
    return false;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static String named(DirectoryUser u) {
    return u.displayName().isEmpty() ? "" : " (" + u.displayName() + ")";
  }

  // ---- the accumulator of one step -------------------------------------------------------------

  /** What one step builds up: commands, the language, variables and the id counter. Local to a call. */
  private final class Run {
    final FlowContext context;
    final FlowState before;
    final List<FlowCommand> commands = new ArrayList<>();
    final Map<String, String> variables;
    String language;
    long sequence;

    Run(FlowState before, FlowContext context) {
      this.before = before;
      this.context = context;
      this.variables = new LinkedHashMap<>(before.variables());
      this.language = before.language();
      this.sequence = before.sequence();
    }

    FlowState state(Position position) {
      return new FlowState(before.flowId(), before.flowVersion(), language, variables, position, sequence);
    }

    String nextId(String node, String kind) {
      sequence++;
      return node + "/" + kind + sequence;
    }

    String play(String node, PromptSpec spec, boolean interruptible) {
      String id = nextId(node, "p");
      commands.add(new FlowCommand.Play(id, spec.label(), prompts.resolve(spec, language, Map.of()), interruptible));
      return id;
    }

    String startTimer(String node, Duration duration) {
      String id = nextId(node, "t");
      commands.add(new FlowCommand.StartDigitTimer(id, duration));
      return id;
    }

    void decide(String node, String branch, String reason) {
      commands.add(new FlowCommand.Decision(node, branch, reason));
    }

    void setVariable(String name, String value) {
      variables.put(name, value);
      commands.add(new FlowCommand.SetVariable(name, value));
    }

    String variable(String name) {
      String v = variables.get(name);
      return v != null ? v : context.variables().get(name);
    }
  }
}
