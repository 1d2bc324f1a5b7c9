package io.switchboard.engine.call;

import static io.switchboard.engine.call.CallDriver.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Call entity over an in-memory journal, with fake peers (serialisation of every message checked). */
class CallEntityTest {

  static final String CALLER = CallDomainTest.CALLER;
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(CallFixtures.T0);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private final FakePeers peers = new FakePeers();
  private final TestClock clock = new TestClock();
  private final EventSourcedBehaviorTestKit<CallEntity.Command, CallEvent, CallState> call =
      EventSourcedBehaviorTestKit.create(testKit.system(),
          CallEntity.create(CALLER, peers, CallFixtures.settings(), clock, Optional.empty()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private void media(CallInput input) {
    call.runCommand(new CallEntity.FromMedia(input));
  }

  private CallState state() {
    return call.<CallState>runCommand(CallEntity.GetState::new).reply();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within 10 s: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /** Main menu, key 1, the transfer prompt ends: the caller waits in support. */
  private void queueTheCaller() {
    media(new CallInput.ChannelParked("fs1", CALLER, "inbound", "+12125550100", "Jane Doe", "+15551000100", false, at(0)));
    media(completed(state().playback()));
    media(new CallInput.DtmfReceived(CALLER, "1", at(4)));
    media(completed(state().playback()));
  }

  private static CallInput completed(CallState.Playback playback) {
    return new CallInput.ApplicationCompleted(playback.leg(), playback.lastApplication(), "playback", "FILE PLAYED", at(5));
  }

  @Test
  void aParkedCallIsJournaledAndItsMediaSentToItsNode() {
    // when
    var result = call.runCommand(new CallEntity.FromMedia(new CallInput.ChannelParked("fs1", CALLER, "inbound",
        "+12125550100", "Jane Doe", "+15551000100", false, at(0))));

    // then
    assertThat(result.event().input()).isInstanceOf(CallInput.ChannelParked.class);
    assertThat(result.state().status()).isEqualTo(CallState.Status.ACTIVE);
    assertThat(peers.media()).allSatisfy(sent -> assertThat(sent.nodeId()).isEqualTo("fs1"));
    assertThat(peers.mediaCommands()).hasSize(3);
    assertThat(peers.mediaCommands().get(0)).isEqualTo(new MediaCommand.UuidSetVar(CALLER, "switchboard_call_id", CALLER));
    assertThat(peers.mediaCommands().get(1)).isInstanceOf(MediaCommand.Answer.class);
    assertThat(peers.mediaCommands().get(2)).isInstanceOfSatisfying(MediaCommand.Speak.class, speak -> {
      assertThat(speak.engine()).isEqualTo("flite");
      assertThat(speak.text()).startsWith("For support press 1");
    });
  }

  @Test
  void aDuplicateIsNotJournaledAndANoiseInputIsIgnored() {
    // given
    queueTheCaller();
    int events = call.persistenceTestKit().persistedInStorage(
        org.apache.pekko.persistence.typed.PersistenceId.of("Call", CALLER).id()).size();

    // when
    var duplicate = call.runCommand(new CallEntity.FromMedia(new CallInput.ChannelAnswered(CALLER, at(9))));
    var noise = call.runCommand(new CallEntity.FromMedia(new CallInput.DtmfReceived("unknown", "1", at(9))));

    // then
    assertThat(duplicate.hasNoEvents()).isTrue();
    assertThat(noise.hasNoEvents()).isTrue();
    assertThat(call.persistenceTestKit().persistedInStorage(
        org.apache.pekko.persistence.typed.PersistenceId.of("Call", CALLER).id())).hasSize(events);
  }

  @Test
  void queueCommandsCarryTheCallAndOriginateResultsComeBackAsInputs() {
    // given
    queueTheCaller();
    assertThat(peers.queues()).extracting(FakePeers.QueueSent::command)
        .containsExactly(new QueueCommand.Enqueue(CALLER, "+12125550100", "Jane Doe", "+15551000100", null,
            java.util.Map.of(), at(5)));
    peers.replyWith(command -> command instanceof MediaCommand.Originate ? CommandResult.of("-ERR USER_BUSY\n")
        : CommandResult.of("+OK"));

    // when alice is offered the call and her phone is busy
    call.runCommand(new CallEntity.FromQueue(new QueueNotice.OfferAgent("support", CALLER, "alice", at(40), at(20))));

    // then the originate's -ERR becomes the offer's failure, reported to the queue
    await("the offer's failure", () -> peers.queues().size() == 2);
    assertThat(peers.queues().get(1)).isEqualTo(new FakePeers.QueueSent("support",
        new QueueCommand.FailOffer(CALLER, "alice", OfferOutcome.DECLINED, "USER_BUSY", CallFixtures.T0)));
    MediaCommand.Originate originate = peers.mediaCommands().stream()
        .filter(MediaCommand.Originate.class::isInstance).map(MediaCommand.Originate.class::cast).findFirst().orElseThrow();
    assertThat(originate.dialString()).isEqualTo("user/201");
    assertThat(originate.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(originate.variables()).containsEntry("switchboard_call_id", CALLER);
  }

  @Test
  void aRestartMidCallRecoversTheStateAndAsksAgainWhatItWaitsFor() {
    // given a caller waiting in support
    queueTheCaller();
    CallState before = state();
    peers.clear();

    // when the entity restarts
    var restarted = call.restart();

    // then the state is the journaled one, the queue is asked again (it drops a duplicate) and the
    // caller's leg is checked
    assertThat(restarted.state()).isEqualTo(before);
    await("the enqueue again", () -> !peers.queues().isEmpty());
    assertThat(peers.queues().get(0).command()).isInstanceOf(QueueCommand.Enqueue.class);
    assertThat(peers.mediaCommands()).contains(new MediaCommand.UuidSetVar(CALLER, "switchboard_call_id", CALLER));
  }

  @Test
  void aProbeThatFindsNoChannelEndsTheCall() {
    // given a waiting caller whose channel vanished while the engine was down
    queueTheCaller();
    peers.replyWith(command -> command instanceof MediaCommand.UuidSetVar
        ? CommandResult.of("-ERR No such channel!\n") : CommandResult.of("+OK"));

    // when the entity recovers and checks its legs
    call.restart();

    // then the call ends and the queue hears the caller left
    await("the call's end", () -> state().status() == CallState.Status.ENDED);
    assertThat(peers.queues()).extracting(FakePeers.QueueSent::command)
        .anySatisfy(c -> assertThat(c).isInstanceOf(QueueCommand.Abandon.class));
  }

  @Test
  void aFlowTimerIsJournaledRearmedAfterARestartAndFires() {
    // given the menu prompt ended, its 5 s timer is armed
    media(new CallInput.ChannelParked("fs1", CALLER, "inbound", "+12125550100", "Jane Doe", "+15551000100", false, at(0)));
    media(completed(state().playback()));
    assertThat(state().timers()).hasSize(1);

    // when the entity restarts after the deadline
    clock.now.set(at(60));
    call.restart();

    // then the re-armed timer fires at once and the flow hangs the caller up
    await("the timeout's hang-up", () -> state().status() == CallState.Status.ENDED);
    assertThat(peers.mediaCommands()).contains(new MediaCommand.UuidKill(CALLER, "NORMAL_CLEARING"));
  }

  @Test
  void apiRequestsReplyTheNewStateOrWhyNot() {
    // given
    queueTheCaller();

    // when
    StatusReply<CallState> hold = call.<StatusReply<CallState>>runCommand(
        replyTo -> new CallEntity.Request(new CallInput.Hold(null, true, at(10)), replyTo)).reply();
    StatusReply<CallState> hangup = call.<StatusReply<CallState>>runCommand(
        replyTo -> new CallEntity.Request(new CallInput.HangUp(at(11)), replyTo)).reply();

    // then
    assertThat(hold.isError()).isTrue();
    assertThat(hold.getError().getMessage()).contains("is not connected");
    assertThat(hangup.getValue().status()).isEqualTo(CallState.Status.ENDED);
    assertThat(peers.queues()).extracting(FakePeers.QueueSent::command)
        .contains(new QueueCommand.Abandon(CALLER, at(11)));
  }

  @Test
  void aMailboxIsAskedBeforeRecordingAndItsAnswerComesBack() {
    // given a mailbox that exists
    peers.mailboxState(io.switchboard.engine.voicemail.MailboxState.unprovisioned("general"));
    media(new CallInput.ChannelParked("fs1", CALLER, "inbound", "+12125550100", "Jane Doe", "+15551000100", false, at(0)));
    media(completed(state().playback()));

    // when key 3 (voicemail)
    media(new CallInput.DtmfReceived(CALLER, "3", at(4)));

    // then the unprovisioned box is refused and the caller hears why
    await("the mailbox's answer", () -> state().stage() instanceof CallState.Stage.Closing);
    assertThat(((CallState.Stage.Closing) state().stage()).reason()).isEqualTo("mailbox general does not exist");
  }
}
