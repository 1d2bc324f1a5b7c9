package io.switchboard.engine.call;

import io.switchboard.engine.call.internal.ReplayLookups;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.persistence.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Replays a call's journal through the same rules and checks that they take the same decisions:
 * each journaled input is decided again, in the state the previous events built, with the
 * journaled lookup answers; the facts, actions and answers must equal the journaled ones. This is
 * what makes a call's history trustworthy (the later {@code replay} command shows it step by
 * step) and what catches a change of the rules that would alter calls already journaled.
 *
 * <p>Pure: needs only the events and the flow catalog (flows by exact version). Stateless and
 * thread-safe.
 */
public final class CallReplay {

  private CallReplay() {}

  /**
   * One replayed step.
   *
   * @param event the journaled event
   * @param state the state after it
   */
  public record Step(CallEvent event, CallState state) {}

  /**
   * The outcome of a replay.
   *
   * @param steps the steps that replayed identically, with the state after each
   * @param divergence where and how the first step differed, or {@code null} when none did
   */
  public record Result(List<Step> steps, String divergence) {
    public Result {
      steps = List.copyOf(steps);
    }

    /** Whether every event was reproduced exactly. */
    public boolean reproduced() {
      return divergence == null;
    }

    /** The state after the last reproduced event. */
    public Optional<CallState> finalState() {
      return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1).state());
    }
  }

  /**
   * Replays {@code journal} (a call's events, oldest first).
   *
   * @param flows the flow catalog: flow id and version to the compiled flow
   */
  public static Result replay(String callId, List<CallEvent> journal,
      BiFunction<String, String, Optional<CompiledFlow>> flows) {
    CallState state = CallState.initial(callId);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < journal.size(); i++) {
      CallEvent event = journal.get(i);
      CallSettings settings = state.settings() != null ? state.settings() : startedWith(event);
      ReplayLookups lookups = new ReplayLookups(event.lookups(), settings, flows);
      Decision<CallEvent> decision;
      try {
        decision = CallDomain.decide(state, event.input(), lookups);
      } catch (ReplayLookups.Divergence e) {
        return new Result(steps, "event " + (i + 1) + " (" + describe(event) + "): " + e.getMessage());
      } catch (RuntimeException e) {
        return new Result(steps, "event " + (i + 1) + " (" + describe(event) + "): the rules failed: " + e);
      }
      if (decision instanceof Decision.Rejected<CallEvent> rejected) {
        return new Result(steps, "event " + (i + 1) + " (" + describe(event) + "): the rules now reject it: "
            + rejected.reason());
      }
      List<CallEvent> events = ((Decision.Accepted<CallEvent>) decision).events();
      if (events.isEmpty()) {
        return new Result(steps, "event " + (i + 1) + " (" + describe(event) + "): the rules now ignore it");
      }
      CallEvent again = events.get(0);
      String difference = difference(event, again);
      if (difference != null) {
        return new Result(steps, "event " + (i + 1) + " (" + describe(event) + "): " + difference);
      }
      state = CallDomain.evolve(state, event);
      steps.add(new Step(event, state));
    }
    return new Result(steps, null);
  }

  private static CallSettings startedWith(CallEvent event) {
    return event.facts().stream()
        .filter(CallFact.CallStarted.class::isInstance)
        .map(f -> ((CallFact.CallStarted) f).settings())
        .findFirst()
        .orElse(null);
  }

  private static String difference(CallEvent journaled, CallEvent replayed) {
    if (!journaled.lookups().equals(replayed.lookups())) {
      return "looked up " + replayed.lookups() + " instead of " + journaled.lookups();
    }
    String facts = firstDifference("fact", journaled.facts(), replayed.facts());
    if (facts != null) {
      return facts;
    }
    return firstDifference("action", journaled.actions(), replayed.actions());
  }

  private static String firstDifference(String what, List<?> journaled, List<?> replayed) {
    int n = Math.max(journaled.size(), replayed.size());
    for (int i = 0; i < n; i++) {
      Object a = i < journaled.size() ? journaled.get(i) : null;
      Object b = i < replayed.size() ? replayed.get(i) : null;
      if (a == null || !a.equals(b)) {
        return what + " " + (i + 1) + " differs: journaled " + a + ", replayed " + b;
      }
    }
    return null;
  }

  private static String describe(CallEvent event) {
    return event.input().getClass().getSimpleName() + " at " + event.at();
  }
}
