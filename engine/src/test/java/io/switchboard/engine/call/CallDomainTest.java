package io.switchboard.engine.call;

import static io.switchboard.engine.call.CallDriver.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.call.CallAction.HangupLeg;
import io.switchboard.engine.call.CallAction.Originate;
import io.switchboard.engine.call.CallAction.ToQueue;
import io.switchboard.engine.call.CallInput.ChannelAnswered;
import io.switchboard.engine.call.CallInput.ChannelHungUp;
import io.switchboard.engine.call.CallInput.ChannelParked;
import io.switchboard.engine.call.CallInput.DtmfReceived;
import io.switchboard.engine.call.CallInput.FromQueue;
import io.switchboard.engine.call.CallState.Stage;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.flows.TransferTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The call journey, branch by branch, through the pure rules. */
class CallDomainTest {

  static final String CALLER = "6f1d9c2e-0000-4000-8000-000000000001";
  static final String OUTSIDE_CALLER = "+12125550100";
  static final String MAIN = "+15551000100";

  /** An outside caller dials the main number (flow main). */
  static CallDriver inbound(String dialed) {
    CallDriver call = new CallDriver(CALLER);
    call.on(new ChannelParked(CallFixtures.NODE, CALLER, "inbound", OUTSIDE_CALLER, "Jane Doe", dialed, false, at(0)));
    return call;
  }

  /** An internal phone (extension 202, Bob) dials {@code dialed}. */
  static CallDriver internal(String dialed) {
    CallDriver call = new CallDriver(CALLER);
    call.on(new ChannelParked(CallFixtures.NODE, CALLER, "inbound", "202", "Bob Stone", dialed, true, at(0)));
    return call;
  }

  /** Main menu, key 1, the transfer prompt: the caller waits in queue support. */
  static CallDriver queuedInSupport() {
    CallDriver call = inbound(MAIN);
    call.finishPlayback(3);
    call.on(new DtmfReceived(CALLER, "1", at(4)));
    call.finishPlayback(6);
    return call;
  }

  static QueueNotice.OfferAgent offer(String agent, int second) {
    return new QueueNotice.OfferAgent("support", CALLER, agent, at(second + 20), at(second));
  }

  static List<String> originated(CallDriver call) {
    return call.actions(Originate.class).stream().map(Originate::leg).toList();
  }

  @Nested
  class InboundToFlow {

    @Test
    void parkedCallIsAnsweredTaggedAndTheNumbersFlowStarts() {
      // when
      CallDriver call = inbound(MAIN);

      // then
      assertThat(call.state.status()).isEqualTo(CallState.Status.ACTIVE);
      assertThat(call.state.origin()).isEqualTo(new CallState.Origin(CallState.OriginKind.INBOUND, "fs1",
          OUTSIDE_CALLER, "Jane Doe", MAIN, null, at(0)));
      assertThat(call.last.actions().get(0)).isEqualTo(new CallAction.SetLegVariable(CALLER, "switchboard_call_id", CALLER));
      assertThat(call.last.actions().get(1)).isInstanceOf(CallAction.AnswerLeg.class);
      assertThat(call.played()).containsExactly(
          "say:For support press 1, Alice 2, voicemail 3, sales 4, an outside number 5, the operator 0.");
      assertThat(call.facts(CallFact.Decided.class).get(0))
          .isEqualTo(new CallFact.Decided("route", "flow main", "own number +15551000100"));
      assertThat(call.state.flow().flowId()).isEqualTo("main");
      assertThat(call.state.flow().version()).isEqualTo(CallFixtures.flows().get("main").version());
      assertThat(call.last.lookups()).first().isInstanceOf(CallLookups.Resolved.class);
    }

    @Test
    void theMenuTimerRunsAfterThePromptAndItsTimeoutHangsUp() {
      // given
      CallDriver call = inbound(MAIN);

      // when the prompt ends
      call.finishPlayback(3);

      // then the flow's digit timer is armed and journaled
      CallAction.ArmTimer timer = call.action(CallAction.ArmTimer.class);
      assertThat(timer.deadline()).isEqualTo(at(8));
      assertThat(call.state.timers()).containsEntry(timer.timerId(), at(8));

      // when it fires
      call.on(new CallInput.TimerFired(timer.timerId(), at(8)));

      // then the flow hangs up
      assertThat(call.action(HangupLeg.class)).isEqualTo(new HangupLeg(CALLER, "NORMAL_CLEARING"));
      assertThat(call.state.status()).isEqualTo(CallState.Status.ENDED);
    }

    @Test
    void aStaleTimerAndDtmfFromAnotherLegChangeNothing() {
      // given
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);

      // then
      call.ignored(new CallInput.TimerFired("menu/t99", at(4)));
      call.ignored(new DtmfReceived("00000000-0000-4000-8000-00000000ffff", "1", at(4)));
      call.ignored(new ChannelParked("fs1", CALLER, "inbound", OUTSIDE_CALLER, "Jane Doe", MAIN, false, at(4)));
      call.ignored(new ChannelAnswered(CALLER, at(4)));
    }

    @Test
    void aNestedFlowRunsInTheSameJourney() {
      // given
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);

      // when key 4 (flow sales)
      call.on(new DtmfReceived(CALLER, "4", at(4)));

      // then
      assertThat(call.state.flow().flowId()).isEqualTo("sales");
      assertThat(call.played()).containsExactly("say:Sales.");
      assertThat(call.state.callId()).isEqualTo(CALLER);

      // and its end queues the caller in sales, with the priority the flow set
      call.finishPlayback(5);
      assertThat(call.facts(CallFact.VariableSet.class)).containsExactly(new CallFact.VariableSet("queue_priority", "5"));
      assertThat(call.action(ToQueue.class)).isEqualTo(new ToQueue("sales",
          new CallAction.Join(OUTSIDE_CALLER, "Jane Doe", MAIN, 5, Map.of())));
      assertThat(((Stage.Queued) call.stage()).queueId()).isEqualTo("sales");
    }

    @Test
    void anExtensionNobodyHasFailsTheTransferIntoTheFlowsOnFailure() {
      // given
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);

      // when key 6 (extension 299)
      call.on(new DtmfReceived(CALLER, "6", at(4)));

      // then the flow's on-failure (voicemail) takes over
      assertThat(call.facts(CallFact.Decided.class)).anySatisfy(d -> {
        assertThat(d.topic()).isEqualTo("transfer");
        assertThat(d.reason()).contains("extension 299 failed");
      });
      assertThat(call.action(CallAction.LookupMailbox.class)).isEqualTo(new CallAction.LookupMailbox("general"));
    }

    @Test
    void withoutAnOperatorTheOperatorTransferFailsAndTheFlowHangsUp() {
      // given
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);

      // when key 0
      call.on(new DtmfReceived(CALLER, "0", at(4)));

      // then
      assertThat(call.facts(CallFact.Decided.class)).anySatisfy(d ->
          assertThat(d.reason()).contains("no operator is configured"));
      assertThat(call.state.status()).isEqualTo(CallState.Status.ENDED);
    }

    @Test
    void theConfiguredOperatorIsATarget() {
      // given
      CallDriver call = new CallDriver(CALLER);
      call.settings = call.settings.withOperator("queue:sales");
      call.on(new ChannelParked("fs1", CALLER, "inbound", OUTSIDE_CALLER, "Jane Doe", MAIN, false, at(0)));
      call.finishPlayback(3);

      // when key 0
      call.on(new DtmfReceived(CALLER, "0", at(4)));

      // then
      assertThat(((Stage.Queued) call.stage()).queueId()).isEqualTo("sales");
    }
  }

  @Nested
  class Queues {

    @Test
    void theCallerJoinsWithTheGreetingThenMusic() {
      // when
      CallDriver call = queuedInSupport();

      // then
      assertThat(call.action(ToQueue.class)).isEqualTo(new ToQueue("support",
          new CallAction.Join(OUTSIDE_CALLER, "Jane Doe", MAIN, null, Map.of())));
      assertThat(call.played()).containsExactly("say:Thank you for calling support.");
      assertThat(call.state.flow().state().position()).isInstanceOf(io.switchboard.flows.FlowState.Transferring.class);

      // when the greeting ends, music follows
      call.finishPlayback(8);
      assertThat(call.played()).containsExactly("local_stream://moh");
      assertThat(call.state.playback().purpose()).isEqualTo(CallState.Purpose.MUSIC);
    }

    @Test
    void anOfferRingsEveryPhoneOfTheAgentAndTheFirstAnswerIsBridged() {
      // given
      CallDriver call = queuedInSupport();
      call.finishPlayback(8);

      // when the queue offers bob (two phones)
      call.on(new FromQueue(offer("bob", 10)));

      // then
      List<Originate> originates = call.actions(Originate.class);
      assertThat(originates).extracting(Originate::dialString).containsExactly("user/202", "user/202-mobile");
      assertThat(originates).allSatisfy(o -> {
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.callerIdName()).isEqualTo("Jane Doe");
        assertThat(o.callerIdNumber()).isEqualTo(OUTSIDE_CALLER);
        assertThat(o.variables()).containsEntry("switchboard_call_id", CALLER)
            .containsEntry("switchboard_queue", "support").containsEntry("switchboard_agent", "bob");
      });
      String mobile = originates.get(1).leg();
      String desk = originates.get(0).leg();

      // when the mobile answers
      call.on(new ChannelAnswered(mobile, at(13)));

      // then the desk phone stops, the queue hears of it, the music stops and the legs are bridged
      assertThat(call.last.actions()).containsExactly(
          new HangupLeg(desk, "LOSE_RACE"),
          new ToQueue("support", new CallAction.ReportAnswer("bob", at(13))),
          new CallAction.BreakMedia(CALLER),
          new CallAction.SetLegVariable(CALLER, "park_after_bridge", "true"),
          new CallAction.BridgeLegs(CALLER, mobile));
      assertThat(call.stage()).isEqualTo(new Stage.Connected(mobile, new Stage.AgentLink("support", "bob")));
      assertThat(call.state.flow()).isNull();

      // when the caller hangs up
      call.on(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(60)));

      // then the call is complete for the queue and the agent is hung up
      assertThat(call.last.actions()).containsExactly(
          new ToQueue("support", new CallAction.ReportComplete()),
          new HangupLeg(mobile, "NORMAL_CLEARING"));
      assertThat(call.stage()).isEqualTo(new Stage.Ended("NORMAL_CLEARING", at(60), null));

      // and the late hang-up of the desk phone and the agent's are only recorded
      call.on(new ChannelHungUp(desk, "LOSE_RACE", at(61)));
      assertThat(call.last.actions()).isEmpty();
      call.ignored(new ChannelHungUp(desk, "LOSE_RACE", at(62)));
    }

    @Test
    void anOfferFailsOnceEveryPhoneOfTheAgentEnded() {
      // given
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("bob", 10)));
      List<String> legs = originated(call);

      // when one phone is busy
      call.on(new CallInput.OriginateFailed(legs.get(0), "USER_BUSY", at(11)));

      // then the offer still rings on the other
      assertThat(call.last.actions()).isEmpty();

      // when the other does not answer
      call.on(new CallInput.OriginateFailed(legs.get(1), "NO_ANSWER", at(30)));

      // then
      assertThat(call.action(ToQueue.class)).isEqualTo(new ToQueue("support",
          new CallAction.ReportFailure("bob", OfferOutcome.NO_ANSWER, "NO_ANSWER")));
      assertThat(((Stage.Queued) call.stage()).offers()).isEmpty();
    }

    @Test
    void anAgentWithoutPhoneIsReportedUnreachable() {
      // given
      CallDriver call = queuedInSupport();

      // when the queue offers dave (no endpoints)
      call.on(new FromQueue(new QueueNotice.OfferAgent("support", CALLER, "dave", at(30), at(10))));

      // then
      assertThat(call.action(ToQueue.class)).isEqualTo(new ToQueue("support",
          new CallAction.ReportFailure("dave", OfferOutcome.UNREACHABLE, "agent dave has no phone (endpoints)")));
    }

    @Test
    void ringAllFirstAnswerWinsAndALateAnswerIsReportedAndHungUp() {
      // given alice and bob are offered the call at once
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("alice", 10)));
      String alice = originated(call).get(0);
      call.on(new FromQueue(offer("bob", 10)));
      String bobDesk = originated(call).get(0);

      // when bob answers first
      call.on(new ChannelAnswered(bobDesk, at(12)));

      // then alice's phone stops
      assertThat(call.actions(HangupLeg.class)).contains(new HangupLeg(alice, "LOSE_RACE"));

      // when alice's answer crossed the hang-up
      call.on(new ChannelAnswered(alice, at(12)));

      // then the queue hears of it (the leg is already being hung up), the call stays with bob
      assertThat(call.last.actions()).containsExactly(
          new ToQueue("support", new CallAction.ReportAnswer("alice", at(12))));
      assertThat(((Stage.Connected) call.stage()).otherLeg()).isEqualTo(bobDesk);
    }

    @Test
    void aCancelledOfferIsHungUpWithoutReportingAFailure() {
      // given
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("alice", 10)));
      String alice = originated(call).get(0);

      // when
      call.on(new FromQueue(new QueueNotice.CancelOffer("support", CALLER, "alice", "alert time over", at(30))));

      // then
      assertThat(call.action(HangupLeg.class)).isEqualTo(new HangupLeg(alice, "ORIGINATOR_CANCEL"));
      call.on(new ChannelHungUp(alice, "ORIGINATOR_CANCEL", at(30)));
      assertThat(call.actions(ToQueue.class)).isEmpty();

      // and the same offer again rings again
      call.on(new FromQueue(offer("alice", 31)));
      assertThat(call.actions(Originate.class)).hasSize(1);
      call.ignored(new FromQueue(offer("alice", 31)));
    }

    @Test
    void aNoticeForAnotherQueueIsStale() {
      CallDriver call = queuedInSupport();
      call.ignored(new FromQueue(new QueueNotice.OfferAgent("sales", CALLER, "bob", at(30), at(10))));
    }

    @Test
    void leavingTheQueueGoesToTheFlowsOnFailureWhenTheFlowHasOne() {
      // given (the main flow's support node has on-failure: voicemail)
      CallDriver call = queuedInSupport();

      // when the queue times out
      call.on(new FromQueue(new QueueNotice.LeaveQueue("support", CALLER, new QueueAction.ToVoicemail("general"),
          "waited 10m, the queue's timeout", at(600))));

      // then the flow's voicemail node records into general, with the flow's greeting
      assertThat(call.action(CallAction.LookupMailbox.class)).isEqualTo(new CallAction.LookupMailbox("general"));
      assertThat(((Stage.Voicemail) call.stage()).greeting())
          .containsExactly(new CallState.Sound.Speech("Please leave a message.", "slt"));
    }

    @Test
    void leavingTheQueueCarriesOutTheQueuesActionWithoutAFlow() {
      // given a caller who dialled the support number directly
      CallDriver call = inbound("+15551000101");
      assertThat(call.stage()).isInstanceOf(Stage.Queued.class);

      // when the queue overflows to a user
      call.on(new FromQueue(new QueueNotice.LeaveQueue("support", CALLER, new QueueAction.ToUser("alice"),
          "the queue is full", at(5))));

      // then alice rings
      assertThat(call.action(Originate.class).dialString()).isEqualTo("user/201");
      assertThat(call.stage()).isInstanceOf(Stage.RingingUser.class);
    }

    @Test
    void aDisconnectActionSaysItsPromptAndHangsUp() {
      // given
      CallDriver call = inbound("+15551000101");

      // when
      call.on(new FromQueue(new QueueNotice.LeaveQueue("support", CALLER, new QueueAction.Disconnect("queue-full"),
          "the queue is full", at(5))));

      // then the prompt id is a file of the prompt folder, then the caller is hung up
      assertThat(call.played()).containsExactly("switchboard/queue-full.wav");
      call.finishPlayback(8);
      assertThat(call.action(HangupLeg.class)).isEqualTo(new HangupLeg(CALLER, "NORMAL_CLEARING"));
      assertThat(call.state.status()).isEqualTo(CallState.Status.ENDED);
    }

    @Test
    void anAnnouncementInterruptsTheMusicAndTheMusicComesBack() {
      // given
      CallDriver call = queuedInSupport();
      call.finishPlayback(8);

      // when
      call.on(new FromQueue(new QueueNotice.Announce("support", CALLER, 2, Duration.ofSeconds(130), at(60))));

      // then
      assertThat(call.last.actions().get(0)).isEqualTo(new CallAction.BreakMedia(CALLER));
      assertThat(call.played()).containsExactly("say:You are number 2 in the queue.",
          "say:Your expected wait is about 3 minutes.");
      call.finishPlayback(66);
      assertThat(call.played()).containsExactly("local_stream://moh");

      // and an announcement during the greeting is skipped
      CallDriver greeting = queuedInSupport();
      greeting.ignored(new FromQueue(new QueueNotice.Announce("support", CALLER, 1, null, at(7))));
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingAbandonsAndRingingAgentsStop() {
      // given
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("alice", 10)));
      String alice = originated(call).get(0);

      // when
      call.on(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(12)));

      // then
      assertThat(call.last.actions()).containsExactly(
          new ToQueue("support", new CallAction.ReportAbandon()),
          new HangupLeg(alice, "NORMAL_CLEARING"));
    }

    @Test
    void theQueuePriorityAndSkillsComeFromCallVariables() {
      // given
      CallState state = CallState.initial(CALLER)
          .withOrigin(new CallState.Origin(CallState.OriginKind.INBOUND, "fs1", "1", "n", "2", null, at(0)), null)
          .withVariable("queue_priority", "7").withVariable("queue_skill_french", "4")
          .withVariable("queue_skill_Bad Name", "4").withVariable("queue_skill_spanish", "11");

      // then
      assertThat(Journey.join(state)).isEqualTo(new CallAction.Join("1", "n", "2", 7, Map.of("french", 4)));
    }
  }

  @Nested
  class Users {

    @Test
    void aUsersNumberRingsTheirPhonesWithRingback() {
      // when
      CallDriver call = inbound("+15551000102");

      // then
      Originate ring = call.action(Originate.class);
      assertThat(ring.dialString()).isEqualTo("user/201");
      assertThat(ring.timeout()).isEqualTo(Duration.ofSeconds(25));
      assertThat(ring.variables()).containsEntry("switchboard_user", "alice");
      assertThat(call.played()).containsExactly("tone_stream://%(2000,4000,440,480);loops=-1");

      // when alice answers
      call.on(new ChannelAnswered(ring.leg(), at(5)));

      // then the ringback stops, the legs are bridged and alice is busy for queues
      assertThat(call.last.actions()).containsExactly(
          new CallAction.BreakMedia(CALLER),
          new CallAction.SetLegVariable(CALLER, "park_after_bridge", "true"),
          new CallAction.BridgeLegs(CALLER, ring.leg()),
          new CallAction.AgentOnCall("alice", true));

      // when alice hangs up
      call.on(new ChannelHungUp(ring.leg(), "NORMAL_CLEARING", at(50)));

      // then the caller is hung up and alice is free again
      assertThat(call.last.actions()).containsExactly(
          new CallAction.AgentOnCall("alice", false),
          new HangupLeg(CALLER, "NORMAL_CLEARING"));
    }

    @Test
    void noAnswerGoesToTheUsersVoicemail() {
      // given
      CallDriver call = inbound("+15551000102");
      String alice = call.action(Originate.class).leg();

      // when
      call.on(new CallInput.OriginateFailed(alice, "NO_ANSWER", at(25)));

      // then
      assertThat(call.action(CallAction.LookupMailbox.class)).isEqualTo(new CallAction.LookupMailbox("alice"));
    }

    @Test
    void aUserWithoutPhoneGoesStraightToVoicemail() {
      // when (carol has an extension, so a mailbox, but no endpoint)
      CallDriver call = inbound("+15551000104");

      // then
      assertThat(call.action(CallAction.LookupMailbox.class)).isEqualTo(new CallAction.LookupMailbox("carol"));
    }

    @Test
    void anInternalCallByExtensionRingsTheUserWithoutAnyGateway() {
      // when bob (202) dials 201
      CallDriver call = internal("201");

      // then
      assertThat(call.state.origin().kind()).isEqualTo(CallState.OriginKind.INTERNAL);
      assertThat(call.state.origin().callerUserId()).isEqualTo("bob");
      Originate ring = call.action(Originate.class);
      assertThat(ring.dialString()).isEqualTo("user/201");
      assertThat(ring.callerIdNumber()).isEqualTo("202");
      assertThat(ring.callerIdName()).isEqualTo("Bob Stone");
      assertThat(call.actions(Originate.class)).noneMatch(o -> o.dialString().contains("gateway"));
      assertThat(call.action(CallAction.AgentOnCall.class)).isEqualTo(new CallAction.AgentOnCall("bob", true));
      assertThat(call.facts(CallFact.Decided.class).get(0).reason()).isEqualTo("extension 201");

      // when the call ends, both are free again
      call.on(new ChannelAnswered(ring.leg(), at(3)));
      call.on(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(30)));
      assertThat(call.actions(CallAction.AgentOnCall.class)).containsExactly(
          new CallAction.AgentOnCall("alice", false), new CallAction.AgentOnCall("bob", false));
    }

    @Test
    void callingAnOwnNumberFromInsideStaysInside() {
      // when bob dials alice's DID in national form
      CallDriver call = internal("5551000102");

      // then
      assertThat(call.action(Originate.class).dialString()).isEqualTo("user/201");
    }
  }

  @Nested
  class OutsideCalls {

    @Test
    void anInternalCallerReachesAnOutsideNumberThroughTheFirstGateway() {
      // when bob dials a national number
      CallDriver call = internal("5557654321");

      // then carrier-a, presenting the main number (bob has no DID)
      Originate dial = call.action(Originate.class);
      assertThat(dial.dialString()).isEqualTo("sofia/gateway/carrier-a/+15557654321");
      assertThat(dial.callerIdNumber()).isEqualTo("+15551000100");
      assertThat(dial.callerIdName()).isEqualTo("Bob Stone");
      assertThat(dial.variables()).containsEntry("switchboard_gateway", "carrier-a");
      assertThat(call.stage()).isInstanceOf(Stage.RingingOutside.class);

      // when it answers
      call.on(new ChannelAnswered(dial.leg(), at(9)));
      assertThat(call.stage()).isEqualTo(new Stage.Connected(dial.leg(), new Stage.OutsideLink("carrier-a", "+15557654321")));
    }

    @Test
    void aFailedGatewayFallsBackToTheNextAndAllFailedIsAnnounced() {
      // given
      CallDriver call = internal("5557654321");
      String first = call.action(Originate.class).leg();

      // when carrier-a fails
      call.on(new CallInput.OriginateFailed(first, "NORMAL_TEMPORARY_FAILURE", at(2)));

      // then carrier-b with its own caller id rule, journaled
      Originate second = call.action(Originate.class);
      assertThat(second.dialString()).isEqualTo("{absolute_codec_string=PCMU}sofia/gateway/carrier-b/15557654321");
      assertThat(second.callerIdNumber()).isEqualTo("15551000100");
      assertThat(second.callerIdName()).isEqualTo("Example Corp");
      assertThat(call.facts(CallFact.Decided.class)).anySatisfy(d -> assertThat(d.reason())
          .isEqualTo("gateway carrier-a failed with NORMAL_TEMPORARY_FAILURE; trying gateway carrier-b"));
      assertThat(call.actions(CallAction.BreakMedia.class)).isEmpty(); // the ringback plays on

      // when carrier-b fails too
      call.on(new ChannelHungUp(second.leg(), "GATEWAY_DOWN", at(3)));

      // then the caller hears why, then is hung up
      assertThat(call.facts(CallFact.Decided.class)).anySatisfy(d -> assertThat(d.reason())
          .isEqualTo("every gateway to +15557654321 failed (last: carrier-b, GATEWAY_DOWN)"));
      assertThat(call.played()).containsExactly("say:Your call cannot be completed at this time. Please try again later.");
      call.finishPlayback(8);
      assertThat(call.action(HangupLeg.class)).isEqualTo(new HangupLeg(CALLER, "NORMAL_TEMPORARY_FAILURE"));
    }

    @Test
    void aBusyNumberIsNotRetriedThroughAnotherGateway() {
      // given
      CallDriver call = internal("5557654321");

      // when
      call.on(new CallInput.OriginateFailed(call.action(Originate.class).leg(), "USER_BUSY", at(2)));

      // then
      assertThat(call.actions(Originate.class)).isEmpty();
      assertThat(call.played()).containsExactly("tone_stream://%(500,500,480,620);loops=4");
    }

    @Test
    void aCallFromOutsideIsNeverSentOnToAnOutsideNumberItDialled() {
      // when an outside caller's call reaches the engine for a number the organisation does not hold
      CallDriver call = inbound("+15557654321");

      // then
      assertThat(call.actions(Originate.class)).isEmpty();
      assertThat(call.facts(CallFact.Decided.class)).anySatisfy(d -> assertThat(d.reason())
          .isEqualTo("a call from outside cannot be sent on to the outside number +15557654321"));
      assertThat(call.played()).containsExactly("say:The number you have dialled cannot be reached.");
    }

    @Test
    void aFlowMaySendACallerToTheOutsideNumberItNames() {
      // given
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);

      // when key 5 (number +15557654321, written in the flow)
      call.on(new DtmfReceived(CALLER, "5", at(4)));

      // then the caller's own number is passed on (carrier-a presents the user's number, here the main one)
      assertThat(call.action(Originate.class).dialString()).isEqualTo("sofia/gateway/carrier-a/+15557654321");
    }

    @Test
    void anUnassignedNumberIsAnnouncedAndHungUp() {
      // when
      CallDriver call = inbound("+15551000103");

      // then
      assertThat(call.facts(CallFact.Decided.class).get(0).outcome()).isEqualTo("unroutable");
      assertThat(call.played()).containsExactly("say:The number you have dialled cannot be reached.");
      call.finishPlayback(4);
      assertThat(call.action(HangupLeg.class)).isEqualTo(new HangupLeg(CALLER, "UNALLOCATED_NUMBER"));
    }
  }

  @Nested
  class Voicemail {

    static CallDriver greeting() {
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);
      call.on(new DtmfReceived(CALLER, "3", at(4)));
      call.on(new CallInput.MailboxLooked("general", new CallInput.MailboxInfo("general", null,
          CallFixtures.mailboxSettings("general"), null), at(4)));
      return call;
    }

    @Test
    void theGreetingAndBeepPlayThenTheRecordingUsesTheMailboxsSettings() {
      // when
      CallDriver call = greeting();

      // then
      assertThat(call.played()).containsExactly("say:Please leave a message.", "tone_stream://%(500,0,800)");
      Stage.Voicemail voicemail = (Stage.Voicemail) call.stage();
      assertThat(voicemail.path()).isEqualTo(CallFixtures.VOICEMAIL_DIR + "/general/" + voicemail.messageId() + ".wav");

      // when the beep ends
      call.finishPlayback(8);

      // then the flow's 1m limit (shorter than the box's 2m) and the box's silence detection apply
      assertThat(call.last.actions().get(0))
          .isEqualTo(new CallAction.SetLegVariable(CALLER, "playback_terminators", "#"));
      CallAction.RecordMessage record = call.action(CallAction.RecordMessage.class);
      assertThat(record.path()).isEqualTo(voicemail.path());
      assertThat(record.maxLength()).isEqualTo(Duration.ofMinutes(1));
      assertThat(record.silenceThreshold()).isEqualTo(250);
      assertThat(record.silenceHits()).isEqualTo(3);

      // when the recording stops
      call.on(new CallInput.RecordStopped(CALLER, voicemail.path(), 12_340, "success-silence", at(21)));

      // then the message is deposited and the caller hung up
      assertThat(call.action(CallAction.Deposit.class)).isEqualTo(new CallAction.Deposit("general",
          voicemail.messageId(), OUTSIDE_CALLER, "Jane Doe", Duration.ofMillis(12_340), voicemail.path()));
      assertThat(call.action(HangupLeg.class)).isEqualTo(new HangupLeg(CALLER, "NORMAL_CLEARING"));
      call.ignored(new CallInput.RecordStopped(CALLER, voicemail.path(), 12_340, "success-silence", at(21)));
    }

    @Test
    void aCallerWhoHangsUpWhileRecordingStillLeavesTheMessage() {
      // given
      CallDriver call = greeting();
      call.finishPlayback(8);
      Stage.Voicemail voicemail = (Stage.Voicemail) call.stage();

      // when the caller hangs up before RECORD_STOP
      call.on(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(20)));

      // then the call is over, waiting for the recording
      assertThat(call.stage()).isEqualTo(new Stage.Ended("NORMAL_CLEARING", at(20), voicemail));
      assertThat(call.action(CallAction.ArmTimer.class)).isEqualTo(
          new CallAction.ArmTimer(Journey.RECORDING_GRACE_TIMER, at(25)));

      // when RECORD_STOP arrives
      call.on(new CallInput.RecordStopped(CALLER, voicemail.path(), 11_900, "success-hangup", at(20)));

      // then
      assertThat(call.action(CallAction.Deposit.class).duration()).isEqualTo(Duration.ofMillis(11_900));
      assertThat(call.action(CallAction.CancelTimer.class)).isEqualTo(new CallAction.CancelTimer(Journey.RECORDING_GRACE_TIMER));
      assertThat(call.stage()).isEqualTo(new Stage.Ended("NORMAL_CLEARING", at(20), null));
    }

    @Test
    void withoutRecordStopTheMessageIsDepositedWithItsMeasuredLength() {
      // given
      CallDriver call = greeting();
      call.finishPlayback(8);
      call.on(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(20)));

      // when the grace period ends
      call.on(new CallInput.TimerFired(Journey.RECORDING_GRACE_TIMER, at(25)));

      // then recording ran from 8 s to 20 s
      assertThat(call.action(CallAction.Deposit.class).duration()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aFullMailboxIsAnnouncedAndNothingIsRecorded() {
      // given
      CallDriver call = inbound(MAIN);
      call.finishPlayback(3);
      call.on(new DtmfReceived(CALLER, "3", at(4)));

      // when
      call.on(new CallInput.MailboxLooked("general", new CallInput.MailboxInfo("general",
          "mailbox general is full (100 of 100 messages); delete some messages", CallFixtures.mailboxSettings("general"),
          null), at(4)));

      // then
      assertThat(call.played()).containsExactly("say:This mailbox cannot take messages at the moment. Goodbye.");
      assertThat(call.actions(CallAction.RecordMessage.class)).isEmpty();
    }

    @Test
    void aRecordedGreetingReplacesTheDefaultOne() {
      // given alice's unanswered call
      CallDriver call = inbound("+15551000102");
      call.on(new CallInput.OriginateFailed(call.action(Originate.class).leg(), "NO_ANSWER", at(25)));

      // when alice's mailbox has a recorded greeting
      call.on(new CallInput.MailboxLooked("alice", new CallInput.MailboxInfo("alice", null,
          CallFixtures.mailboxSettings("alice"), "/var/lib/switchboard/voicemail/alice/greeting-g1.wav"), at(25)));

      // then
      assertThat(call.played()).containsExactly("/var/lib/switchboard/voicemail/alice/greeting-g1.wav",
          "tone_stream://%(500,0,800)");
    }
  }

  @Nested
  class ApiControls {

    static CallDriver connectedToBob() {
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("bob", 10)));
      String desk = originated(call).get(0);
      call.on(new ChannelAnswered(desk, at(12)));
      return call;
    }

    static String agentLeg(CallDriver call) {
      return ((Stage.Connected) call.stage()).otherLeg();
    }

    @Test
    void holdPlaysMusicToTheCallerByHoldingTheAgentsLeg() {
      // given
      CallDriver call = connectedToBob();
      String agent = agentLeg(call);

      // when
      call.on(new CallInput.Hold(null, true, at(20)));

      // then
      assertThat(call.last.actions()).containsExactly(
          new CallAction.SetLegVariable(agent, "hold_music", "local_stream://moh"),
          new CallAction.HoldLeg(agent, true));
      assertThat(call.state.held()).containsExactly(CallInput.Party.CALLER);
      call.ignored(new CallInput.Hold(CallInput.Party.CALLER, true, at(21)));

      // when
      call.on(new CallInput.Hold(null, false, at(30)));
      assertThat(call.last.actions()).containsExactly(new CallAction.HoldLeg(agent, false));
      assertThat(call.state.held()).isEmpty();
    }

    @Test
    void muteSilencesTheAgentByDefaultAndTheCallerOnRequest() {
      // given
      CallDriver call = connectedToBob();

      // when
      call.on(new CallInput.Mute(null, true, at(20)));
      assertThat(call.last.actions()).containsExactly(new CallAction.MuteLeg(agentLeg(call), true));
      call.on(new CallInput.Mute(CallInput.Party.CALLER, true, at(21)));
      assertThat(call.last.actions()).containsExactly(new CallAction.MuteLeg(CALLER, true));
      call.on(new CallInput.Mute(null, false, at(22)));

      // then
      assertThat(call.state.muted()).containsExactly(CallInput.Party.CALLER);
    }

    @Test
    void holdAndMuteNeedAConnectedCall() {
      // given
      CallDriver call = queuedInSupport();

      // then
      assertThat(call.rejected(new CallInput.Hold(null, true, at(20))))
          .isEqualTo("call " + CALLER + " is not connected (Queued); hold needs two parties talking");
      assertThat(new CallDriver("nobody").rejected(new CallInput.Mute(null, true, at(20))))
          .isEqualTo("call nobody does not exist");
    }

    @Test
    void anAgentTransfersTheCallerToAnotherQueue() {
      // given
      CallDriver call = connectedToBob();
      String agent = agentLeg(call);

      // when
      call.on(new CallInput.Transfer(new TransferTarget.Queue("sales"), at(40)));

      // then bob's leg is hung up, support completes the call and the caller joins sales with music
      assertThat(call.last.actions()).containsExactly(
          new HangupLeg(agent, "NORMAL_CLEARING"),
          new ToQueue("support", new CallAction.ReportComplete()),
          new ToQueue("sales", new CallAction.Join(OUTSIDE_CALLER, "Jane Doe", MAIN, null, Map.of())),
          call.actions(CallAction.PlaySounds.class).get(0));
      assertThat(call.played()).containsExactly("local_stream://moh");
      assertThat(((Stage.Queued) call.stage()).queueId()).isEqualTo("sales");

      // and bob's hang-up does not end the caller's call
      call.on(new ChannelHungUp(agent, "NORMAL_CLEARING", at(41)));
      assertThat(call.state.status()).isEqualTo(CallState.Status.ACTIVE);
    }

    @Test
    void aTransferOfAPlacedCallTakesTheCallersOwnLegOffHold() {
      // given bob called alice and holds her (his own leg is held, so that she hears music)
      CallDriver call = new CallDriver(PlacedCalls.PLACED);
      call.on(new CallInput.PlaceCall("fs1", "bob", "201", at(0)));
      String bob = originated(call).get(0);
      call.on(new ChannelAnswered(bob, at(2)));
      call.on(new ChannelAnswered(call.action(Originate.class).leg(), at(4)));
      call.on(new CallInput.Hold(null, true, at(5)));
      assertThat(call.action(CallAction.HoldLeg.class)).isEqualTo(new CallAction.HoldLeg(bob, true));

      // when bob is transferred to the sales queue
      call.on(new CallInput.Transfer(new TransferTarget.Queue("sales"), at(10)));

      // then his leg comes off hold before it waits in the queue
      assertThat(call.actions(CallAction.HoldLeg.class)).containsExactly(new CallAction.HoldLeg(bob, false));
      assertThat(call.state.held()).isEmpty();
    }

    @Test
    void aTransferDuringARecordingAbandonsTheMessage() {
      // given a caller recording a message
      CallDriver call = Voicemail.greeting();
      call.finishPlayback(8);
      Stage.Voicemail voicemail = (Stage.Voicemail) call.stage();

      // when
      call.on(new CallInput.Transfer(new TransferTarget.Queue("support"), at(12)));

      // then the recording is stopped and no message is deposited, even when RECORD_STOP comes
      assertThat(call.last.actions().get(0)).isEqualTo(new CallAction.BreakMedia(CALLER));
      call.ignored(new CallInput.RecordStopped(CALLER, voicemail.path(), 4000, "success-break", at(12)));
    }

    @Test
    void aTransferToNowhereIsRefusedAndChangesNothing() {
      CallDriver call = connectedToBob();
      assertThat(call.rejected(new CallInput.Transfer(new TransferTarget.Queue("nope"), at(40))))
          .isEqualTo("cannot transfer call " + CALLER + " to queue nope: queue nope does not exist");
      assertThat(call.rejected(new CallInput.Transfer(new TransferTarget.Extension("299"), at(40))))
          .startsWith("cannot transfer call " + CALLER + " to extension 299: \"299\" is neither an extension");
    }

    @Test
    void aTransferToAnOutsideNumberPassesTheCallerOn() {
      // given
      CallDriver call = connectedToBob();

      // when
      call.on(new CallInput.Transfer(new TransferTarget.OutsideNumber("+15557654321"), at(40)));

      // then
      assertThat(call.action(Originate.class).dialString()).isEqualTo("sofia/gateway/carrier-a/+15557654321");
    }

    @Test
    void hangUpEndsEveryLeg() {
      // given
      CallDriver call = connectedToBob();
      String agent = agentLeg(call);

      // when
      call.on(new CallInput.HangUp(at(50)));

      // then
      assertThat(call.actions(HangupLeg.class)).containsExactlyInAnyOrder(
          new HangupLeg(CALLER, "NORMAL_CLEARING"), new HangupLeg(agent, "NORMAL_CLEARING"));
      assertThat(call.rejected(new CallInput.HangUp(at(51)))).isEqualTo("call " + CALLER + " is over; nothing to hang up");
    }
  }

  @Nested
  class PlacedCalls {

    static final String PLACED = "call-api-1";

    @Test
    void theUsersPhonesRingFirstThenTheNumberIsCalled() {
      // given
      CallDriver call = new CallDriver(PLACED);

      // when bob places a call to alice
      call.on(new CallInput.PlaceCall("fs1", "bob", "201", at(0)));

      // then bob's two phones ring, showing whom they call
      List<Originate> phones = call.actions(Originate.class);
      assertThat(phones).extracting(Originate::dialString).containsExactly("user/202", "user/202-mobile");
      assertThat(phones.get(0).callerIdName()).isEqualTo("Call to 201");
      assertThat(call.stage()).isInstanceOf(Stage.Placing.class);

      // when bob's desk answers
      call.on(new ChannelAnswered(phones.get(0).leg(), at(3)));

      // then the mobile stops and alice rings
      assertThat(call.state.callerLeg()).isEqualTo(phones.get(0).leg());
      assertThat(call.actions(HangupLeg.class)).containsExactly(new HangupLeg(phones.get(1).leg(), "LOSE_RACE"));
      assertThat(call.action(Originate.class).dialString()).isEqualTo("user/201");
      assertThat(call.actions(CallAction.AgentOnCall.class)).containsExactly(new CallAction.AgentOnCall("bob", true));
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
      assertThat(new CallDriver(PLACED).rejected(new CallInput.PlaceCall("fs1", "zed", "201", at(0))))
          .isEqualTo("there is no user zed in the directory");
      assertThat(new CallDriver(PLACED).rejected(new CallInput.PlaceCall("fs1", "dave", "201", at(0))))
          .isEqualTo("user dave has no phone (endpoints) to ring; give them an endpoint first");
      assertThat(new CallDriver(PLACED).rejected(new CallInput.PlaceCall("fs1", "bob", "+15551000103", at(0))))
          .startsWith("cannot call \"+15551000103\": number +15551000103 belongs to the organisation but is not assigned");
    }

    @Test
    void whenNoPhoneAnswersTheCallEnds() {
      // given
      CallDriver call = new CallDriver(PLACED);
      call.on(new CallInput.PlaceCall("fs1", "bob", "201", at(0)));
      List<String> phones = originated(call);

      // when
      call.on(new CallInput.OriginateFailed(phones.get(0), "NO_ANSWER", at(25)));
      call.on(new CallInput.OriginateFailed(phones.get(1), "NO_ANSWER", at(25)));

      // then
      assertThat(call.state.status()).isEqualTo(CallState.Status.ENDED);
      assertThat(call.actions(CallAction.AgentOnCall.class)).isEmpty();
    }
  }

  @Nested
  class Reconciliation {

    @Test
    void aCallWhoseCallerVanishedEnds() {
      // given
      CallDriver call = queuedInSupport();

      // when a reconciliation lists none of its legs
      call.on(new CallInput.ChannelsLive("fs1", List.of(), at(30)));

      // then
      assertThat(call.state.status()).isEqualTo(CallState.Status.ENDED);
      assertThat(call.action(ToQueue.class)).isEqualTo(new ToQueue("support", new CallAction.ReportAbandon()));
      assertThat(((Stage.Ended) call.stage()).cause()).isEqualTo(Journey.CHANNEL_GONE);
    }

    @Test
    void aLiveCallerAndAStillRingingLegAreNotGone() {
      // given
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("alice", 10)));

      // then (alice's leg is not listed: being originated, it is not known to exist yet)
      call.ignored(new CallInput.ChannelsLive("fs1", List.of(CALLER), at(11)));
      call.ignored(new CallInput.ChannelsLive("fs2", List.of(), at(11)));
    }

    @Test
    void aGoneAgentLegFailsItsOffer() {
      // given
      CallDriver call = queuedInSupport();
      call.on(new FromQueue(offer("alice", 10)));
      String alice = originated(call).get(0);

      // when
      call.on(new CallInput.ChannelsGone(List.of(alice), "reconciliation", at(11)));

      // then
      assertThat(call.action(ToQueue.class)).isEqualTo(new ToQueue("support",
          new CallAction.ReportFailure("alice", OfferOutcome.UNREACHABLE, Journey.CHANNEL_GONE)));
    }
  }

  @Nested
  class Starting {

    @Test
    void onlyAnInboundChannelWithTheCallsIdStartsIt() {
      CallDriver call = new CallDriver(CALLER);
      assertThat(call.rejected(new ChannelParked("fs1", CALLER, "outbound", "1", "", MAIN, false, at(0))))
          .contains("is an outbound leg, not a caller");
      assertThat(call.rejected(new ChannelParked("fs1", "other", "inbound", "1", "", MAIN, false, at(0))))
          .isEqualTo("channel other cannot start call " + CALLER + "; an inbound call's id is its channel uuid");
      call.ignored(new ChannelHungUp(CALLER, "NORMAL_CLEARING", at(1)));
    }

    @Test
    void idsAreTheSameForTheSameJournal() {
      // given two calls with the same id and inputs
      CallDriver one = queuedInSupport();
      CallDriver two = queuedInSupport();

      // then
      assertThat(two.journal).isEqualTo(one.journal);
      assertThat(one.state).isEqualTo(two.state);
    }
  }
}
