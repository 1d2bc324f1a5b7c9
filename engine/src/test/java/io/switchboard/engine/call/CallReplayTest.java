package io.switchboard.engine.call;

import static io.switchboard.engine.call.CallDriver.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.call.CallInput.ChannelAnswered;
import io.switchboard.engine.call.CallInput.ChannelHungUp;
import io.switchboard.engine.call.CallInput.DtmfReceived;
import io.switchboard.engine.queue.QueueNotice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallReplayTest {

  static final String CALLER = CallDomainTest.CALLER;

  /** Attendant, queue, a failed offer, the next agent, talk, hang-up: a full journey. */
  static CallDriver journey() {
    CallDriver call = CallDomainTest.queuedInSupport();
    call.finishPlayback(8);
    call.on(new CallInput.FromQueue(new QueueNotice.Announce("support", CALLER, 1, null, at(20))));
    call.finishPlayback(22);
    call.on(new CallInput.FromQueue(CallDomainTest.offer("alice", 30)));
    call.on(new CallInput.OriginateFailed(CallDomainTest.originated(call).get(0), "USER_BUSY", at(31)));
    call.on(new CallInput.FromQueue(CallDomainTest.offer("bob", 32)));
    String bob = CallDomainTest.originated(call).get(1);
    call.on(new ChannelAnswered(bob, at(40)));
    call.on(new CallInput.Hold(null, true, at(50)));
    call.on(new CallInput.Hold(null, false, at(55)));
    call.on(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(90)));
    call.on(new ChannelHungUp(bob, "NORMAL_CLEARING", at(90)));
    return call;
  }

  @Test
  void aJournalReplaysToTheSameStatesAndActions() {
    // given
    CallDriver call = journey();

    // when
    CallReplay.Result result = CallReplay.replay(CALLER, call.journal, CallFixtures::flow);

    // then
    assertThat(result.divergence()).isNull();
    assertThat(result.reproduced()).isTrue();
    assertThat(result.steps()).hasSize(call.journal.size());
    assertThat(result.finalState()).contains(call.state);
    assertThat(result.steps()).extracting(CallReplay.Step::event).containsExactlyElementsOf(call.journal);
  }

  @Test
  void theReplayNeedsNeitherTheDirectoryNorTheCurrentFlowsOfToday() {
    // given a journal, and a directory that has changed since (the replay never reads it)
    CallDriver call = journey();
    call.peers.directory(io.switchboard.engine.directory.DirectoryState.EMPTY);
    call.peers.flows(java.util.Map.of());

    // when
    CallReplay.Result result = CallReplay.replay(CALLER, call.journal, CallFixtures::flow);

    // then
    assertThat(result.reproduced()).isTrue();
  }

  @Test
  void aJournalThatTheRulesNoLongerReproduceIsReportedAtTheFirstDifference() {
    // given a journal whose fourth event's actions were altered
    CallDriver call = journey();
    List<CallEvent> journal = new ArrayList<>(call.journal);
    CallEvent fourth = journal.get(3);
    List<CallAction> actions = new ArrayList<>(fourth.actions());
    actions.add(new CallAction.HangupLeg(CALLER, "NORMAL_CLEARING"));
    journal.set(3, new CallEvent(fourth.input(), fourth.lookups(), fourth.facts(), actions));

    // when
    CallReplay.Result result = CallReplay.replay(CALLER, journal, CallFixtures::flow);

    // then
    assertThat(result.reproduced()).isFalse();
    assertThat(result.steps()).hasSize(3);
    assertThat(result.divergence()).startsWith("event 4 (").contains("differs: journaled HangupLeg");
  }

  @Test
  void aDifferentAnswerInTheJournalIsADivergence() {
    // given the first event's route answer replaced
    CallDriver call = CallDomainTest.inbound(CallDomainTest.MAIN);
    call.on(new DtmfReceived(CALLER, "1", at(2)));
    List<CallEvent> journal = new ArrayList<>(call.journal);
    CallEvent first = journal.get(0);
    List<CallLookups.Answer> lookups = new ArrayList<>(first.lookups());
    lookups.set(0, new CallLookups.Resolved("+15550000000", null, CallDomainTest.OUTSIDE_CALLER,
        new Route.Unroutable("test")));
    journal.set(0, new CallEvent(first.input(), lookups, first.facts(), first.actions()));

    // when
    CallReplay.Result result = CallReplay.replay(CALLER, journal, CallFixtures::flow);

    // then
    assertThat(result.divergence()).isEqualTo("event 1 (ChannelParked at 2026-11-24T09:00:00Z): the replayed "
        + "decision asked with dialled digits +15551000100, the journal with +15550000000");
  }

  @Test
  void aFlowVersionMissingFromTheCatalogIsReported() {
    // given
    CallDriver call = CallDomainTest.inbound(CallDomainTest.MAIN);
    call.finishPlayback(3);

    // when the catalog lost the flow
    CallReplay.Result result = CallReplay.replay(CALLER, call.journal, (id, version) -> java.util.Optional.empty());

    // then the start no longer enters the flow
    assertThat(result.reproduced()).isFalse();
    assertThat(result.divergence()).startsWith("event 1 (ChannelParked");
  }
}
