package io.switchboard.engine.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.call.internal.PeerLookups;
import io.switchboard.persistence.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one call through the pure rules, as the entity would: decide, then evolve, keeping the
 * journal. The lookups are live ones over {@link FakePeers} (the real directory resolver on the
 * test directory, the compiled test flows).
 */
final class CallDriver {

  final FakePeers peers = new FakePeers();
  final List<CallEvent> journal = new ArrayList<>();
  CallSettings settings = CallFixtures.settings();
  CallState state;
  CallEvent last;

  CallDriver(String callId) {
    this.state = CallState.initial(callId);
  }

  static Instant at(int seconds) {
    return CallFixtures.T0.plusSeconds(seconds);
  }

  /** Feeds an input that must be accepted; returns its event (null when it changed nothing). */
  CallEvent on(CallInput input) {
    Decision<CallEvent> decision = CallDomain.decide(state, input, new PeerLookups(peers, settings));
    if (decision instanceof Decision.Rejected<CallEvent> rejected) {
      throw new AssertionError("rejected " + input + ": " + rejected.reason());
    }
    List<CallEvent> events = ((Decision.Accepted<CallEvent>) decision).events();
    if (events.isEmpty()) {
      last = null;
      return null;
    }
    last = events.get(0);
    journal.add(last);
    state = CallDomain.evolve(state, last);
    return last;
  }

  /** Feeds an input that must be rejected; returns the reason. Nothing changes. */
  String rejected(CallInput input) {
    CallState before = state;
    Decision<CallEvent> decision = CallDomain.decide(state, input, new PeerLookups(peers, settings));
    assertThat(decision).as("decision on %s", input).isInstanceOf(Decision.Rejected.class);
    assertThat(state).isSameAs(before);
    return ((Decision.Rejected<CallEvent>) decision).reason();
  }

  /** Feeds an input that must change nothing. */
  void ignored(CallInput input) {
    assertThat(on(input)).as("event of %s", input).isNull();
  }

  /** Actions of the last event of a type. */
  <T extends CallAction> List<T> actions(Class<T> type) {
    return last.actions().stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends CallAction> T action(Class<T> type) {
    List<T> found = actions(type);
    assertThat(found).as("%s in %s", type.getSimpleName(), last.actions()).hasSize(1);
    return found.get(0);
  }

  <T extends CallFact> List<T> facts(Class<T> type) {
    return last.facts().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The playback on the caller's leg ends as FreeSWITCH reports it. */
  CallEvent finishPlayback(int second) {
    CallState.Playback playing = state.playback();
    assertThat(playing).as("a playback").isNotNull();
    return on(new CallInput.ApplicationCompleted(playing.leg(), playing.lastApplication(), "playback", "FILE PLAYED",
        at(second)));
  }

  /** The texts spoken and files played by the last event, in order. */
  List<String> played() {
    List<String> out = new ArrayList<>();
    for (CallAction.PlaySounds play : actions(CallAction.PlaySounds.class)) {
      for (CallAction.SoundPart part : play.parts()) {
        out.add(part.sound() instanceof CallState.Sound.Speech s ? "say:" + s.text()
            : ((CallState.Sound.File) part.sound()).file());
      }
    }
    return out;
  }

  CallState.Stage stage() {
    return state.stage();
  }
}
