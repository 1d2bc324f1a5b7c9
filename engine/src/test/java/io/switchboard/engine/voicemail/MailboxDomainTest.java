package io.switchboard.engine.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.directory.Problem;
import io.switchboard.engine.voicemail.MailboxCommand.ChangeSettings;
import io.switchboard.engine.voicemail.MailboxCommand.DeleteMessage;
import io.switchboard.engine.voicemail.MailboxCommand.DepositMessage;
import io.switchboard.engine.voicemail.MailboxCommand.MarkNew;
import io.switchboard.engine.voicemail.MailboxCommand.Provision;
import io.switchboard.engine.voicemail.MailboxCommand.PurgeDeleted;
import io.switchboard.engine.voicemail.MailboxCommand.RecordGreeting;
import io.switchboard.engine.voicemail.MailboxCommand.RestoreMessage;
import io.switchboard.engine.voicemail.MailboxCommand.SaveMessage;
import io.switchboard.engine.voicemail.MailboxCommand.UseDefaultGreeting;
import io.switchboard.engine.voicemail.MailboxEvent.MessageDeposited;
import io.switchboard.engine.voicemail.MailboxEvent.MessageWaitingChanged;
import io.switchboard.engine.voicemail.MailboxEvent.MessagesPurged;
import io.switchboard.engine.voicemail.MailboxEvent.RecordingDiscarded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxDomainTest {

  static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
  static final VoicemailStorage STORAGE = new VoicemailStorage("/var/lib/switchboard/voicemail", "wav");

  MailboxState state = MailboxState.unprovisioned("alice");

  MailboxDecision handle(MailboxCommand command) {
    MailboxDecision decision = MailboxDomain.decide(state, command);
    for (MailboxEvent event : decision.events()) {
      state = MailboxDomain.evolve(state, event);
    }
    return decision;
  }

  void provisioned(MailboxSettings settings) {
    handle(new Provision("alice", MailboxKind.USER, "alice", "Alice Martin", settings, T));
  }

  DepositMessage deposit(String id, int seconds, int at) {
    return new DepositMessage(id, "+15551234567", "Bob", Duration.ofSeconds(seconds), STORAGE.messagePath("alice", id), T.plusSeconds(at));
  }

  @Test
  void a_deposited_message_is_new_and_lights_the_message_waiting_indicator() {
    // given
    provisioned(MailboxSettings.DEFAULT);

    // when
    MailboxDecision decision = handle(deposit("m-1", 42, 60));

    // then
    VoicemailMessage expected =
        new VoicemailMessage("m-1", "+15551234567", "Bob", T.plusSeconds(60), Duration.ofSeconds(42),
            "/var/lib/switchboard/voicemail/alice/m-1.wav", VoicemailMessage.Status.NEW, T.plusSeconds(60));
    assertThat(decision.events())
        .containsExactly(
            new MessageDeposited(expected, T.plusSeconds(60)),
            new MessageWaitingChanged("alice", 1, 0, true, T.plusSeconds(60)));
    assertThat(state.newCount()).isEqualTo(1);
  }

  @Test
  void saving_the_last_new_message_turns_the_indicator_off_and_deleting_a_saved_one_does_not_touch_it() {
    // given
    provisioned(MailboxSettings.DEFAULT);
    handle(deposit("m-1", 42, 60));

    // when
    MailboxDecision saved = handle(new SaveMessage("m-1", T.plusSeconds(100)));
    MailboxDecision deleted = handle(new DeleteMessage("m-1", T.plusSeconds(200)));

    // then
    assertThat(saved.events()).last().isEqualTo(new MessageWaitingChanged("alice", 0, 1, false, T.plusSeconds(100)));
    assertThat(deleted.events()).hasSize(1);
    assertThat(state.messages().get("m-1").status()).isEqualTo(VoicemailMessage.Status.DELETED);
  }

  @Test
  void deleting_a_new_message_updates_the_indicator_and_restore_brings_it_back_as_saved() {
    // given
    provisioned(MailboxSettings.DEFAULT);
    handle(deposit("m-1", 42, 60));
    handle(deposit("m-2", 10, 70));

    // when
    MailboxDecision deleted = handle(new DeleteMessage("m-1", T.plusSeconds(100)));
    MailboxDecision restored = handle(new RestoreMessage("m-1", T.plusSeconds(110)));

    // then
    assertThat(deleted.events()).last().isEqualTo(new MessageWaitingChanged("alice", 1, 0, true, T.plusSeconds(100)));
    assertThat(restored.events()).hasSize(1);
    assertThat(state.messages().get("m-1").status()).isEqualTo(VoicemailMessage.Status.SAVED);
    assertThat(state.messagesIn(VoicemailMessage.Status.NEW)).extracting(VoicemailMessage::messageId).containsExactly("m-2");
  }

  @Test
  void marking_a_saved_message_new_lights_the_indicator_again() {
    // given
    provisioned(MailboxSettings.DEFAULT);
    handle(deposit("m-1", 42, 60));
    handle(new SaveMessage("m-1", T.plusSeconds(100)));

    // when
    MailboxDecision decision = handle(new MarkNew("m-1", T.plusSeconds(120)));

    // then
    assertThat(decision.events()).last().isEqualTo(new MessageWaitingChanged("alice", 1, 0, true, T.plusSeconds(120)));
  }

  @Test
  void a_recording_shorter_than_the_minimum_is_discarded_with_its_file() {
    // given
    provisioned(MailboxSettings.DEFAULT);

    // when
    MailboxDecision decision = handle(deposit("m-1", 2, 60));

    // then
    assertThat(decision.events())
        .containsExactly(new RecordingDiscarded("m-1", "/var/lib/switchboard/voicemail/alice/m-1.wav", Duration.ofSeconds(2),
            MailboxEvent.DiscardReason.TOO_SHORT, T.plusSeconds(60)));
    assertThat(state.messages()).isEmpty();
  }

  @Test
  void a_full_mailbox_refuses_in_advance_and_discards_a_recording_that_arrives_anyway() {
    // given
    provisioned(new MailboxSettings(Duration.ofSeconds(120), Duration.ZERO, true, 200, 2, 2));
    handle(deposit("m-1", 5, 1));
    handle(deposit("m-2", 5, 2));

    // when
    String refusal = state.refusalReason();
    MailboxDecision decision = handle(deposit("m-3", 5, 3));

    // then
    assertThat(refusal).isEqualTo("mailbox alice is full (2 of 2 messages); delete some messages");
    assertThat(decision.events()).singleElement().isInstanceOfSatisfying(RecordingDiscarded.class,
        d -> assertThat(d.reason()).isEqualTo(MailboxEvent.DiscardReason.MAILBOX_FULL));
  }

  @Test
  void deleted_messages_do_not_count_towards_capacity_and_purging_names_their_files() {
    // given
    provisioned(new MailboxSettings(Duration.ofSeconds(120), Duration.ZERO, true, 200, 2, 2));
    handle(deposit("m-1", 5, 1));
    handle(deposit("m-2", 5, 2));
    handle(new DeleteMessage("m-1", T.plusSeconds(3)));
    assertThat(state.refusalReason()).isNull();

    // when
    MailboxDecision decision = handle(new PurgeDeleted(T.plusSeconds(4)));

    // then
    assertThat(decision.events())
        .containsExactly(new MessagesPurged(List.of("m-1"), List.of("/var/lib/switchboard/voicemail/alice/m-1.wav"), T.plusSeconds(4)));
    assertThat(state.messages()).containsOnlyKeys("m-2");
  }

  @Test
  void a_repeated_deposit_is_a_no_op() {
    // given
    provisioned(MailboxSettings.DEFAULT);
    handle(deposit("m-1", 42, 60));
    MailboxState before = state;

    // when
    MailboxDecision decision = handle(deposit("m-1", 42, 61));

    // then
    assertThat(decision.accepted()).isTrue();
    assertThat(decision.events()).isEmpty();
    assertThat(state).isEqualTo(before);
  }

  @Test
  void an_unprovisioned_box_refuses_everything_but_provisioning() {
    // when
    MailboxDecision decision = handle(deposit("m-1", 42, 60));

    // then
    assertThat(decision.problems())
        .containsExactly(new Problem("mailboxId", "mailbox alice is not provisioned; provision it first"));
  }

  @Test
  void provisioning_twice_with_the_same_values_is_a_no_op_and_with_other_values_is_refused() {
    // given
    provisioned(MailboxSettings.DEFAULT);

    // when
    MailboxDecision same = handle(new Provision("alice", MailboxKind.USER, "alice", "Alice Martin", MailboxSettings.DEFAULT, T));
    MailboxDecision other = handle(new Provision("alice", MailboxKind.SHARED, null, "Alice Martin", MailboxSettings.DEFAULT, T));

    // then
    assertThat(same.accepted()).isTrue();
    assertThat(same.events()).isEmpty();
    assertThat(other.problems()).extracting(Problem::message)
        .containsExactly("mailbox alice already exists; change its settings instead");
  }

  @Test
  void invalid_commands_are_refused_with_the_fix_and_change_nothing() {
    // given
    provisioned(MailboxSettings.DEFAULT);
    handle(deposit("m-1", 42, 60));
    MailboxState before = state;

    // when
    MailboxDecision unknown = handle(new SaveMessage("m-9", T));
    MailboxDecision wrongState = handle(new RestoreMessage("m-1", T));
    MailboxDecision badPath = handle(new RecordGreeting("greetings/my greeting.wav", T));
    MailboxDecision badId = handle(new DepositMessage("../etc", "+1", null, Duration.ofSeconds(9), "/tmp/x.wav", T));

    // then
    assertThat(unknown.problems()).extracting(Problem::message).containsExactly("mailbox alice has no message m-9");
    assertThat(wrongState.problems()).extracting(Problem::message).containsExactly("cannot restore message m-1: it is new, not deleted");
    assertThat(badPath.problems()).extracting(Problem::message).containsExactly("greeting file path \"greetings/my greeting.wav\" must be absolute");
    assertThat(badId.problems()).extracting(Problem::field).containsExactly("messageId");
    assertThat(state).isEqualTo(before);
  }

  @Test
  void greetings_switch_between_recorded_and_default() {
    // given
    provisioned(MailboxSettings.DEFAULT);

    // when
    handle(new RecordGreeting(STORAGE.greetingPath("alice", "g-1"), T));
    Greeting recorded = state.greeting();
    MailboxDecision back = handle(new UseDefaultGreeting(T.plusSeconds(1)));
    MailboxDecision again = handle(new UseDefaultGreeting(T.plusSeconds(2)));

    // then
    assertThat(recorded).isEqualTo(Greeting.recorded("/var/lib/switchboard/voicemail/alice/greeting-g-1.wav"));
    assertThat(back.events()).hasSize(1);
    assertThat(again.events()).isEmpty();
    assertThat(state.greeting().systemDefault()).isTrue();
  }

  @Test
  void settings_render_the_freeswitch_record_arguments() {
    // given
    MailboxSettings withSilence = MailboxSettings.DEFAULT;
    MailboxSettings withoutSilence = new MailboxSettings(Duration.ofSeconds(120), Duration.ofSeconds(1), false, 200, 2, 50);

    // when / then
    assertThat(withSilence.recordArguments("/vm/alice/m-1.wav")).isEqualTo("/vm/alice/m-1.wav 300 200 2");
    assertThat(withoutSilence.recordArguments("/vm/alice/m-1.wav")).isEqualTo("/vm/alice/m-1.wav 120");
    assertThatThrownBy(() -> withSilence.recordArguments("/vm/alice/m 1.wav"))
        .hasMessageContaining("splits on spaces");
  }

  @Test
  void settings_report_every_problem_at_once() {
    assertThat(MailboxSettings.problems(Duration.ofSeconds(5), Duration.ofSeconds(90), 0, 61, 0))
        .extracting(Problem::field)
        .containsExactly("maxMessageLength", "minMessageLength", "silenceThreshold", "silenceHits", "maxMessages");
    assertThat(MailboxSettings.problems(Duration.ofSeconds(30), Duration.ofSeconds(30), 200, 2, 10))
        .extracting(Problem::message)
        .containsExactly("minimum message length 30s must be shorter than the maximum 30s");
  }

  @Test
  void changing_settings_is_journaled_once() {
    // given
    provisioned(MailboxSettings.DEFAULT);
    MailboxSettings longer = new MailboxSettings(Duration.ofSeconds(600), Duration.ofSeconds(3), true, 200, 2, 100);

    // when
    MailboxDecision first = handle(new ChangeSettings(longer, T));
    MailboxDecision second = handle(new ChangeSettings(longer, T));

    // then
    assertThat(first.events()).hasSize(1);
    assertThat(second.events()).isEmpty();
    assertThat(state.settings()).isEqualTo(longer);
  }
}
