package io.switchboard.engine.call;

import static io.switchboard.engine.call.CallDriver.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.directory.DirectoryUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every journaled call value survives CBOR configured like Pekko's {@code jackson-cbor} serializer,
 * but stricter (unknown properties fail, so an accessor leaking into the stored shape is caught).
 * The samples come from real journeys, plus the few kinds those journeys do not produce.
 */
class CallJournalSerializationTest {

  final ObjectMapper cbor = new ObjectMapper(new CBORFactory())
      .registerModule(new ParameterNamesModule())
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Journals and states of many journeys. */
  static List<CallDriver> journeys() {
    List<CallDriver> drivers = new ArrayList<>();
    drivers.add(CallReplayTest.journey());
    CallDriver voicemail = CallDomainTest.Voicemail.greeting();
    voicemail.finishPlayback(8);
    voicemail.on(new CallInput.ChannelHungUp(CallDomainTest.CALLER, "NORMAL_CLEARING", at(20)));
    voicemail.on(new CallInput.TimerFired(Journey.RECORDING_GRACE_TIMER, at(25)));
    drivers.add(voicemail);
    CallDriver recorded = CallDomainTest.Voicemail.greeting();
    recorded.finishPlayback(8);
    recorded.on(new CallInput.RecordStopped(CallDomainTest.CALLER, ((CallState.Stage.Voicemail) recorded.stage()).path(),
        5000, "success-silence", at(14)));
    drivers.add(recorded);
    CallDriver vanished = CallDomainTest.queuedInSupport();
    vanished.on(new CallInput.ChannelsLive("fs1", List.of(), at(30)));
    drivers.add(vanished);
    CallDriver nested = CallDomainTest.inbound(CallDomainTest.MAIN);
    nested.finishPlayback(3);
    nested.on(new CallInput.DtmfReceived(CallDomainTest.CALLER, "4", at(4)));
    nested.finishPlayback(5);
    drivers.add(nested);
    CallDriver overflow = CallDomainTest.inbound("+15551000101");
    overflow.on(new CallInput.FromQueue(new QueueNotice.LeaveQueue("support", CallDomainTest.CALLER,
        new QueueAction.ToVoicemail("general"), "the queue is full", at(2))));
    drivers.add(overflow);
    CallDriver direct = CallDomainTest.internal("201");
    direct.on(new CallInput.OriginateFailed(direct.action(CallAction.Originate.class).leg(), "USER_BUSY", at(3)));
    drivers.add(direct);
    CallDriver outside = CallDomainTest.internal("5557654321");
    outside.on(new CallInput.OriginateFailed(outside.action(CallAction.Originate.class).leg(), "GATEWAY_DOWN", at(2)));
    outside.on(new CallInput.ChannelAnswered(outside.action(CallAction.Originate.class).leg(), at(3)));
    outside.on(new CallInput.Mute(null, true, at(4)));
    outside.on(new CallInput.Transfer(new TransferTarget.Queue("sales"), at(5)));
    outside.on(new CallInput.FromQueue(new QueueNotice.Announce("sales", CallDomainTest.CALLER, 1, Duration.ofMinutes(2), at(6))));
    outside.on(new CallInput.FromQueue(new QueueNotice.OfferAgent("sales", CallDomainTest.CALLER, "bob", at(30), at(10))));
    outside.on(new CallInput.FromQueue(new QueueNotice.CancelOffer("sales", CallDomainTest.CALLER, "bob", "timeout", at(30))));
    outside.on(new CallInput.FromQueue(new QueueNotice.LeaveQueue("sales", CallDomainTest.CALLER,
        new QueueAction.Disconnect(null), "timeout", at(40))));
    drivers.add(outside);
    CallDriver placed = new CallDriver("placed-1");
    placed.on(new CallInput.PlaceCall("fs1", "bob", "201", at(0)));
    placed.on(new CallInput.ChannelsLive("fs1", List.of(), at(1)));
    placed.on(new CallInput.ChannelsGone(List.of(placed.state.legs().keySet().iterator().next()), "test", at(2)));
    placed.on(new CallInput.HangUp(at(3)));
    drivers.add(placed);
    return drivers;
  }

  <T> void roundTrips(List<? extends T> values, Class<T> type) throws Exception {
    for (T value : values) {
      byte[] bytes = cbor.writerFor(type).writeValueAsBytes(value);
      assertThat(cbor.readerFor(type).<T>readValue(bytes)).as(value.getClass().getSimpleName()).isEqualTo(value);
      byte[] concrete = cbor.writeValueAsBytes(value);
      assertThat(cbor.readValue(concrete, value.getClass())).as(value.getClass().getSimpleName() + " by class")
          .isEqualTo(value);
    }
  }

  static void coversEveryPermittedSubclass(List<?> samples, Class<?> sealed) {
    Set<String> permitted = Arrays.stream(sealed.getPermittedSubclasses()).map(Class::getName).collect(Collectors.toSet());
    Set<String> sampled = samples.stream().map(s -> s.getClass().getName()).collect(Collectors.toSet());
    assertThat(sampled).as("samples of " + sealed.getSimpleName()).containsAll(permitted);
  }

  @Test
  void everyEventAndStateOfRealJourneysSurvivesCbor() throws Exception {
    for (CallDriver driver : journeys()) {
      roundTrips(driver.journal, CallEvent.class);
      roundTrips(List.of(driver.state), CallState.class);
      CallState state = CallState.initial(driver.state.callId());
      for (CallEvent event : driver.journal) {
        state = CallDomain.evolve(state, event);
        roundTrips(List.of(state), CallState.class);
      }
    }
  }

  @Test
  void everyKindOfInputFactActionAnswerAndStageIsCovered() throws Exception {
    List<CallInput> inputs = new ArrayList<>();
    List<CallFact> facts = new ArrayList<>();
    List<CallAction> actions = new ArrayList<>();
    List<CallLookups.Answer> answers = new ArrayList<>();
    List<CallState.Stage> stages = new ArrayList<>();
    for (CallDriver driver : journeys()) {
      for (CallEvent event : driver.journal) {
        inputs.add(event.input());
        facts.addAll(event.facts());
        actions.addAll(event.actions());
        answers.addAll(event.lookups());
        event.facts().stream().filter(CallFact.StageChanged.class::isInstance)
            .forEach(f -> stages.add(((CallFact.StageChanged) f).stage()));
      }
    }
    // kinds these journeys do not produce
    inputs.add(new CallInput.Hold(CallInput.Party.CALLEE, true, at(1)));
    answers.add(new CallLookups.ExtensionUser("201", new DirectoryUser("alice", "201", "Alice Martin")));
    answers.add(new CallLookups.UsersListed(List.of(new DirectoryUser("bob", "202", "Bob Stone"))));
    stages.add(new CallState.Stage.NotStarted());
    stages.add(new CallState.Stage.Connected("leg", new CallState.Stage.UserLink("alice")));
    facts.add(new CallFact.HoldChanged(CallInput.Party.CALLER, true));
    actions.add(new CallAction.HoldLeg("leg", true));

    coversEveryPermittedSubclass(inputs, CallInput.class);
    coversEveryPermittedSubclass(facts, CallFact.class);
    coversEveryPermittedSubclass(actions, CallAction.class);
    coversEveryPermittedSubclass(answers, CallLookups.Answer.class);
    coversEveryPermittedSubclass(stages, CallState.Stage.class);
    roundTrips(inputs, CallInput.class);
    roundTrips(facts, CallFact.class);
    roundTrips(actions, CallAction.class);
    roundTrips(answers, CallLookups.Answer.class);
    roundTrips(stages, CallState.Stage.class);
  }
}
