package io.switchboard.engine.queue.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.switchboard.engine.directory.CallerIdRule;
import io.switchboard.engine.directory.DirectoryCommand;
import io.switchboard.engine.directory.DirectoryEvent;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.E164;
import io.switchboard.engine.directory.FlowEntry;
import io.switchboard.engine.directory.Gateway;
import io.switchboard.engine.directory.MailboxEntry;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.directory.NumberPattern;
import io.switchboard.engine.directory.NumberPlan;
import io.switchboard.engine.directory.NumberState;
import io.switchboard.engine.directory.OutboundRoute;
import io.switchboard.engine.directory.QueueEntry;
import io.switchboard.engine.directory.Target;
import io.switchboard.engine.directory.User;
import io.switchboard.engine.directory.config.DirectoryFileLoader;
import io.switchboard.engine.directory.config.LoadResult;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxDomain;
import io.switchboard.engine.voicemail.MailboxEvent;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.engine.voicemail.VoicemailMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every journaled event and every snapshotted state survives CBOR, configured like Pekko's {@code
 * jackson-cbor} serializer (Java time, JDK 8 and parameter-name modules, ISO dates) but stricter:
 * unknown properties fail, so an accessor that leaks into the JSON shape is caught here.
 */
class JournalSerializationTest {

  static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  final ObjectMapper cbor =
      new ObjectMapper(new CBORFactory())
          // As Pekko registers it: a single-argument creator takes an object unless it says otherwise.
          .registerModule(new ParameterNamesModule(com.fasterxml.jackson.annotation.JsonCreator.Mode.PROPERTIES))
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Through the declared type (as a nested field is read) and through the concrete class (as
   * Pekko's serializer reads a message: by the class name in its manifest).
   */
  <T> void roundTrips(List<? extends T> values, Class<T> type) throws Exception {
    for (T value : values) {
      byte[] bytes = cbor.writerFor(type).writeValueAsBytes(value);
      assertThat(cbor.readerFor(type).<T>readValue(bytes)).as(value.getClass().getSimpleName()).isEqualTo(value);
      byte[] concrete = cbor.writeValueAsBytes(value);
      assertThat(cbor.readValue(concrete, value.getClass())).as(value.getClass().getSimpleName() + " by class").isEqualTo(value);
    }
  }

  static void coversEveryPermittedSubclass(List<?> samples, Class<?> sealed) {
    Set<String> permitted = Arrays.stream(sealed.getPermittedSubclasses()).map(Class::getName).collect(Collectors.toSet());
    Set<String> sampled = samples.stream().map(s -> s.getClass().getName()).collect(Collectors.toSet());
    assertThat(sampled).as("samples of " + sealed.getSimpleName()).containsExactlyInAnyOrderElementsOf(permitted);
  }

  @Test
  void queue_events_round_trip() throws Exception {
    // given
    QueuePolicy policy =
        QueuePolicy.defaults()
            .withCallerPriorityRules(List.of(new CallerPriorityRule(NumberPattern.of("+1555*"), null, 4)))
            .withRequiredSkills(Map.of("english", 3))
            .withNoAgents(NoAgentsPolicy.keepWaiting())
            .withTimeoutAction(new QueueAction.ToOutsideNumber(E164.of("+15557654321")));
    RoutingDecision decision =
        new RoutingDecision("call-1", RoutingMethod.ROUND_ROBIN, T, List.of("amy"),
            List.of(new CandidateAssessment("amy", Verdict.CHOSEN, "serial position 1"),
                new CandidateAssessment("bob", Verdict.WRAP_UP, "in wrap-up until " + T)),
            "round robin: ...", true, new RoutingCursor("amy", 1));
    AgentStatus status = AgentStatus.available("amy", T).withSkills(Map.of("english", 4)).withWrapUpUntil(T.plusSeconds(9));
    List<QueueEvent> events =
        List.of(
            new QueueEvent.PolicyChanged(policy, T),
            new QueueEvent.MembershipSet("amy", 2, 3, false, T),
            new QueueEvent.MemberRemoved("amy", T),
            new QueueEvent.AgentStatusUpdated(status, T),
            new QueueEvent.CallEnqueued("call-1", "+15551234567", null, "+15551000101", 3, "default", Map.of("vip", 1), 7, null, T.plusSeconds(60), T),
            new QueueEvent.CallOverflowed("call-2", 50, 50, new QueueAction.ToVoicemail("box"), T),
            new QueueEvent.NoAgentsActionTaken("call-3", true, new QueueAction.ToFlow("night"), T),
            new QueueEvent.CallRouted(decision),
            new QueueEvent.ReservationRequested("call-1", "amy", 3, T.plusSeconds(5), T),
            new QueueEvent.AgentAlerted("call-1", "amy", T.plusSeconds(30), T),
            new QueueEvent.OfferEnded("call-1", "amy", 3, Offer.Phase.ALERTING, OfferOutcome.NO_ANSWER, "rang", T),
            new QueueEvent.AgentSetAwayRequested("amy", 3, 3, T),
            new QueueEvent.CallAnswered("call-1", "bob", Duration.ofSeconds(12), "single answer", T),
            new QueueEvent.CallAbandoned("call-4", Duration.ofMillis(1500), T),
            new QueueEvent.CallTimedOut("call-5", Duration.ofMinutes(20), new QueueAction.ToQueue("other"), T),
            new QueueEvent.AnnouncementDue("call-6", 2, 4, null, T.plusSeconds(60), T),
            new QueueEvent.CallCompleted("call-1", "bob", Duration.ofSeconds(100), Duration.ofSeconds(110), T));

    // then
    coversEveryPermittedSubclass(events, QueueEvent.class);
    roundTrips(events, QueueEvent.class);
    roundTrips(List.of(new QueueAction.ToUser("amy"), new QueueAction.Disconnect(null), new QueueAction.Disconnect("bye")), QueueAction.class);
  }

  @Test
  void a_busy_queue_state_round_trips() throws Exception {
    // given
    QueueDomain domain = new QueueDomain(QueueDomain.Settings.DEFAULT);
    QueueState state = QueueDomain.initialState("support", QueuePolicy.defaults());
    List<QueueCommand> commands =
        List.of(
            new QueueCommand.SetMember("amy", 1, 1, true, T),
            new QueueCommand.UpdateAgentStatus(AgentStatus.available("amy", T), T),
            new QueueCommand.SetMember("bob", 1, 2, true, T),
            new QueueCommand.UpdateAgentStatus(AgentStatus.available("bob", T).withSkills(Map.of("x", 1)), T),
            QueueCommand.Enqueue.of("call-1", "+15551234567", T),
            QueueCommand.Enqueue.of("call-2", "+15551234568", T.plusSeconds(1)),
            new QueueCommand.AcceptReservation("call-1", "amy", T.plusSeconds(1)),
            QueueCommand.AnswerOffers.single("call-1", "amy", T.plusSeconds(3)),
            new QueueCommand.CompleteCall("call-1", T.plusSeconds(50)));
    for (QueueCommand command : commands) {
      for (QueueEvent event : domain.decide(state, command)) {
        state = domain.evolve(state, event);
      }
    }
    assertThat(state.waiting()).isNotEmpty();
    assertThat(state.stats().recentHandleTimes()).isNotEmpty();

    // then
    roundTrips(List.of(state), QueueState.class);
  }

  @Test
  void directory_events_and_the_example_directory_round_trip() throws Exception {
    // given
    User user = new User("alice", "1001", "Alice", List.of("user/1001"), true);
    Gateway gateway = new Gateway("gw", "sofia/gateway/gw/{e164}", new CallerIdRule(CallerIdRule.Mode.FIXED, E164.of("+15551000100"), CallerIdRule.Format.NATIONAL, "Corp"));
    List<DirectoryEvent> events =
        List.of(
            new DirectoryEvent.NumberPlanSet(new NumberPlan("44", "0", "00", List.of(9, 10))),
            new DirectoryEvent.MainNumberSet(null),
            new DirectoryEvent.NumberAdded(E164.of("+15551000100"), NumberState.PORTING_IN),
            new DirectoryEvent.PortCompleted(E164.of("+15551000100")),
            new DirectoryEvent.NumberRemoved(E164.of("+15551000100")),
            new DirectoryEvent.NumberAssigned(E164.of("+15551000100"), Target.queue("support")),
            new DirectoryEvent.NumberUnassigned(E164.of("+15551000100"), Target.user("alice")),
            new DirectoryEvent.UserAdded(user),
            new DirectoryEvent.UserChanged(user),
            new DirectoryEvent.ExtensionSet("alice", null, "1002"),
            new DirectoryEvent.UserRemoved("alice"),
            new DirectoryEvent.QueueAdded(new QueueEntry("support", "Support", null)),
            new DirectoryEvent.QueueChanged(new QueueEntry("support", "Support", "600"), null),
            new DirectoryEvent.QueueRemoved("support"),
            new DirectoryEvent.FlowAdded(new FlowEntry("main", "flows/main.yaml")),
            new DirectoryEvent.FlowChanged(new FlowEntry("main", "flows/main-v2.yaml")),
            new DirectoryEvent.FlowRemoved("main"),
            new DirectoryEvent.MailboxProvisioned(new MailboxEntry("alice", MailboxKind.USER, "alice", "Alice")),
            new DirectoryEvent.MailboxRemoved("alice"),
            new DirectoryEvent.GatewayPut(gateway),
            new DirectoryEvent.GatewayRemoved("gw"),
            new DirectoryEvent.OutboundRoutesSet(List.of(new OutboundRoute(NumberPattern.of("+1NXX*"), List.of("gw")))));
    Path example = Path.of(getClass().getResource("/directory/directory.yaml").toURI());
    DirectoryState directory = ((LoadResult.Loaded) DirectoryFileLoader.load(example)).configuration().directory();

    // then
    coversEveryPermittedSubclass(events, DirectoryEvent.class);
    roundTrips(events, DirectoryEvent.class);
    roundTrips(List.of(directory), DirectoryState.class);
  }

  @Test
  void mailbox_events_and_state_round_trip() throws Exception {
    // given
    VoicemailMessage message =
        new VoicemailMessage("m-1", "+15551234567", null, T, Duration.ofSeconds(42), "/vm/alice/m-1.wav", VoicemailMessage.Status.NEW, T);
    List<MailboxEvent> events =
        List.of(
            new MailboxEvent.MailboxProvisioned("alice", MailboxKind.USER, "alice", "Alice", MailboxSettings.DEFAULT, T),
            new MailboxEvent.SettingsChanged(MailboxSettings.DEFAULT, T),
            new MailboxEvent.GreetingRecorded("/vm/alice/greeting-1.wav", T),
            new MailboxEvent.DefaultGreetingRestored(T),
            new MailboxEvent.MessageDeposited(message, T),
            new MailboxEvent.RecordingDiscarded("m-2", "/vm/alice/m-2.wav", Duration.ofSeconds(1), MailboxEvent.DiscardReason.TOO_SHORT, T),
            new MailboxEvent.MessageSaved("m-1", T),
            new MailboxEvent.MessageMarkedNew("m-1", T),
            new MailboxEvent.MessageDeleted("m-1", T),
            new MailboxEvent.MessageRestored("m-1", T),
            new MailboxEvent.MessagesPurged(List.of("m-1"), List.of("/vm/alice/m-1.wav"), T),
            new MailboxEvent.MessageWaitingChanged("alice", 1, 0, true, T));
    MailboxState state = MailboxState.unprovisioned("alice");
    for (MailboxEvent event : events.subList(0, 5)) {
      state = MailboxDomain.evolve(state, event);
    }

    // then
    coversEveryPermittedSubclass(events, MailboxEvent.class);
    roundTrips(events, MailboxEvent.class);
    roundTrips(List.of(state), MailboxState.class);
  }

  @Test
  void commands_that_travel_between_nodes_round_trip() throws Exception {
    // given
    AgentStatus status = AgentStatus.available("amy", T).withVersion(12);
    List<QueueCommand> queueCommands =
        List.of(
            new QueueCommand.ChangePolicy(QueuePolicy.defaults(), T),
            new QueueCommand.SetMember("amy", 1, 2, true, T),
            new QueueCommand.RemoveMember("amy", T),
            new QueueCommand.UpdateAgentStatus(status, T),
            new QueueCommand.Enqueue("call-1", "+15551234567", "Jo", "+15551000101", 3, Map.of("french", 2), T),
            new QueueCommand.AcceptReservation("call-1", "amy", 3L, T),
            new QueueCommand.AcceptReservation("call-1", "amy", T),
            new QueueCommand.RefuseReservation("call-1", "amy", "on a call", status, 3L, T),
            new QueueCommand.AnswerOffers("call-1", List.of(new QueueCommand.LegAnswer("amy", T), new QueueCommand.LegAnswer("bob", T)), T),
            new QueueCommand.FailOffer("call-1", "amy", OfferOutcome.DECLINED, "USER_BUSY", T),
            new QueueCommand.Abandon("call-1", T),
            new QueueCommand.CompleteCall("call-1", T),
            new QueueCommand.FireTimers(T));
    List<DirectoryCommand> directoryCommands =
        List.of(
            new DirectoryCommand.SetNumberPlan(NumberPlan.NORTH_AMERICA),
            new DirectoryCommand.SetMainNumber(null),
            new DirectoryCommand.AddNumber(E164.of("+15551000100"), true),
            new DirectoryCommand.CompletePort(E164.of("+15551000100")),
            new DirectoryCommand.RemoveNumber(E164.of("+15551000100")),
            new DirectoryCommand.AssignNumber(E164.of("+15551000100"), Target.flow("main")),
            new DirectoryCommand.UnassignNumber(E164.of("+15551000100")),
            new DirectoryCommand.AddUser("alice", "201", "Alice", List.of("user/201"), true),
            new DirectoryCommand.ChangeUser("alice", "Alice M", List.of(), false),
            new DirectoryCommand.SetExtension("alice", null),
            new DirectoryCommand.RemoveUser("alice"),
            new DirectoryCommand.AddQueue("support", "Support", "600"),
            new DirectoryCommand.ChangeQueue("support", "Support desk", null),
            new DirectoryCommand.RemoveQueue("support"),
            new DirectoryCommand.AddFlow("main", "main.flow.yaml"),
            new DirectoryCommand.ChangeFlow("main", "main-v2.flow.yaml"),
            new DirectoryCommand.RemoveFlow("main"),
            new DirectoryCommand.AddSharedMailbox("general", "General"),
            new DirectoryCommand.RemoveMailbox("general"),
            new DirectoryCommand.PutGateway(new Gateway("gw", "sofia/gateway/gw/{e164}",
                new CallerIdRule(CallerIdRule.Mode.MAIN_NUMBER, null, CallerIdRule.Format.E164, null))),
            new DirectoryCommand.RemoveGateway("gw"),
            new DirectoryCommand.SetOutboundRoutes(List.of(new OutboundRoute(NumberPattern.of("+*"), List.of("gw")))));
    List<MailboxCommand> mailboxCommands =
        List.of(
            new MailboxCommand.Provision("alice", MailboxKind.USER, "alice", "Alice", MailboxSettings.DEFAULT, T),
            new MailboxCommand.ChangeSettings(MailboxSettings.DEFAULT, T),
            new MailboxCommand.RecordGreeting("/vm/alice/greeting-1.wav", T),
            new MailboxCommand.UseDefaultGreeting(T),
            new MailboxCommand.DepositMessage("m-1", "+15551234567", null, Duration.ofSeconds(9), "/vm/alice/m-1.wav", T),
            new MailboxCommand.SaveMessage("m-1", T),
            new MailboxCommand.MarkNew("m-1", T),
            new MailboxCommand.DeleteMessage("m-1", T),
            new MailboxCommand.RestoreMessage("m-1", T),
            new MailboxCommand.PurgeDeleted(T));

    // then
    coversEveryPermittedSubclass(queueCommands, QueueCommand.class);
    roundTrips(queueCommands, QueueCommand.class);
    coversEveryPermittedSubclass(directoryCommands, DirectoryCommand.class);
    roundTrips(directoryCommands, DirectoryCommand.class);
    coversEveryPermittedSubclass(mailboxCommands, MailboxCommand.class);
    roundTrips(mailboxCommands, MailboxCommand.class);
  }
}
