package io.switchboard.engine.call;

import io.switchboard.engine.call.CallState.Leg;
import io.switchboard.engine.call.CallState.Playback;
import io.switchboard.engine.call.CallState.Role;
import io.switchboard.engine.call.CallState.Status;
import io.switchboard.engine.call.internal.RecordingLookups;
import io.switchboard.persistence.Decision;
import java.util.HashSet;
import java.util.Set;

/**
 * A caller's journey as pure rules: {@link #decide} turns an input into one {@link CallEvent}
 * (the facts that change the call and the actions it sends out), {@link #evolve} folds an event
 * into the state. No Pekko, no clock, no randomness: time comes with each input, new ids (leg
 * uuids, application uuids, message ids) are derived from the call id and the number of inputs
 * handled, and everything looked up in the directory or the flow catalog is journaled with the
 * event. So the journal alone reproduces every state and every action ({@link CallReplay}).
 *
 * <p>The journey: a parked inbound channel (call id = its uuid) or a call placed through the API
 * is routed by the directory to a flow, a queue, a user or an outside number. A flow runs on the
 * version it started with and hands the caller to a queue, a user, an extension, an outside
 * number, another flow (same journey), voicemail or the operator. In a queue the caller hears the
 * greeting, then music and announcements, while the queue offers the call to agents: each offer
 * rings the agent's phones, the first answer is bridged and the others are hung up. Users that do
 * not answer send the caller to their voicemail; outside numbers try the route's gateways in
 * order. Hold, mute, blind transfer and hang-up come from the API at any moment. Duplicate or
 * stale inputs change nothing; inputs that make no sense for the call are rejected with the
 * reason.
 *
 * <p>Used by {@link CallEntity} (live) and {@link CallReplay}; stateless and thread-safe.
 */
public final class CallDomain {

  private CallDomain() {}

  /**
   * What {@code input} does to the call: an accepted decision with one event, with none (a
   * duplicate or stale input), or a rejection naming why (nothing changes then).
   *
   * @param lookups the directory and catalog as known now (live) or as journaled (replay)
   */
  public static Decision<CallEvent> decide(CallState state, CallInput input, CallLookups lookups) {
    RecordingLookups recording = new RecordingLookups(lookups);
    Journey journey = new Journey(state, input, recording);
    try {
      journey.handle();
    } catch (Journey.Rejection rejection) {
      return Decision.reject(rejection.getMessage());
    }
    if (journey.facts().isEmpty() && journey.actions().isEmpty()) {
      return Decision.noOp();
    }
    return Decision.accept(new CallEvent(input, recording.answers(), journey.facts(), journey.actions()));
  }

  /** The state after {@code event}: its facts applied in order, and one more input handled. */
  public static CallState evolve(CallState state, CallEvent event) {
    CallState next = state;
    for (CallFact fact : event.facts()) {
      next = apply(next, fact);
    }
    return next.withSteps(state.steps() + 1);
  }

  /** The state after one fact. */
  public static CallState apply(CallState state, CallFact fact) {
    if (fact instanceof CallFact.CallStarted started) {
      return state.withOrigin(started.origin(), started.settings()).withStatus(Status.ACTIVE);
    }
    if (fact instanceof CallFact.LegAdded added) {
      return state.withLeg(added.leg());
    }
    if (fact instanceof CallFact.LegAnswered answered) {
      Leg leg = state.leg(answered.legUuid());
      return leg == null ? state : state.withLeg(leg.withAnsweredAt(answered.at()));
    }
    if (fact instanceof CallFact.LegReleased released) {
      Leg leg = state.leg(released.legUuid());
      return leg == null ? state : state.withLeg(leg.withReleasedWith(released.cause()));
    }
    if (fact instanceof CallFact.LegEnded ended) {
      Leg leg = state.leg(ended.legUuid());
      return leg == null ? state : state.withLeg(leg.withEndedCause(ended.cause()));
    }
    if (fact instanceof CallFact.CallerLegChosen chosen) {
      Leg leg = state.leg(chosen.legUuid());
      CallState next = state.withCallerLeg(chosen.legUuid());
      return leg == null ? next : next.withLeg(leg.withRole(Role.CALLER));
    }
    if (fact instanceof CallFact.StageChanged changed) {
      return state.withStage(changed.stage());
    }
    if (fact instanceof CallFact.FlowChanged changed) {
      return state.withFlow(changed.flow());
    }
    if (fact instanceof CallFact.VariableSet set) {
      return state.withVariable(set.name(), set.value());
    }
    if (fact instanceof CallFact.PlaybackStarted started) {
      return state.withPlayback(started.playback());
    }
    if (fact instanceof CallFact.PlaybackEnded ended) {
      Playback playing = state.playback();
      return playing != null && playing.id().equals(ended.playbackId()) ? state.withPlayback(null) : state;
    }
    if (fact instanceof CallFact.TimerArmed armed) {
      return state.withTimer(armed.timerId(), armed.deadline());
    }
    if (fact instanceof CallFact.TimerCleared cleared) {
      return state.withTimer(cleared.timerId(), null);
    }
    if (fact instanceof CallFact.HoldChanged hold) {
      Set<CallInput.Party> held = new HashSet<>(state.held());
      if (hold.on()) {
        held.add(hold.party());
      } else {
        held.remove(hold.party());
      }
      return state.withHeld(held);
    }
    if (fact instanceof CallFact.MuteChanged mute) {
      Set<CallInput.Party> muted = new HashSet<>(state.muted());
      if (mute.on()) {
        muted.add(mute.party());
      } else {
        muted.remove(mute.party());
      }
      return state.withMuted(muted);
    }
    if (fact instanceof CallFact.Decided) {
      return state;
    }
    if (fact instanceof CallFact.CallEnded) {
      return state.withStatus(Status.ENDED);
    }
    throw new IllegalStateException("unknown fact " + fact);
  }
}
