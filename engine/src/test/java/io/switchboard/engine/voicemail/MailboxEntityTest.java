package io.switchboard.engine.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.directory.MailboxKind;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailboxEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());
  private static final MailboxSettings SMALL = new MailboxSettings(Duration.ofSeconds(60), Duration.ofSeconds(2), true, 200, 2, 2);

  private final EventSourcedBehaviorTestKit<MailboxEntity.Command, MailboxEvent, MailboxState> mailbox =
      EventSourcedBehaviorTestKit.create(testKit.system(), MailboxEntity.create("alice"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    mailbox.clear();
  }

  private StatusReply<MailboxState> configure(MailboxSettings settings) {
    return mailbox.<StatusReply<MailboxState>>runCommand(
        replyTo -> new MailboxEntity.Configure(MailboxKind.USER, "alice", "Alice Martin", settings, T0, replyTo)).reply();
  }

  private static MailboxCommand.DepositMessage deposit(String id, int seconds) {
    return new MailboxCommand.DepositMessage(id, "+15551230001", "Jo", Duration.ofSeconds(seconds), "/var/lib/switchboard/voicemail/alice/" + id + ".wav", T0);
  }

  @Test
  void the_directory_provisions_the_box_then_updates_its_settings() {
    // when
    StatusReply<MailboxState> provisioned = configure(MailboxSettings.DEFAULT);
    var same = mailbox.<StatusReply<MailboxState>>runCommand(replyTo ->
        new MailboxEntity.Configure(MailboxKind.USER, "alice", "Alice Martin", MailboxSettings.DEFAULT, T0, replyTo));
    StatusReply<MailboxState> changed = configure(SMALL);

    // then
    assertThat(provisioned.getValue().provisioned()).isTrue();
    assertThat(same.hasNoEvents()).isTrue();
    assertThat(changed.getValue().settings()).isEqualTo(SMALL);
  }

  @Test
  void a_deposited_message_lights_the_message_waiting_indicator() {
    // given
    configure(MailboxSettings.DEFAULT);

    // when a call deposits a message
    var result = mailbox.runCommand(new MailboxEntity.Deliver(deposit("m-1", 12)));

    // then
    assertThat(result.events()).hasSize(2);
    assertThat(result.events().get(1)).isEqualTo(new MailboxEvent.MessageWaitingChanged("alice", 1, 0, true, T0));
    assertThat(mailbox.getState().newCount()).isEqualTo(1);
  }

  @Test
  void the_owner_saves_a_message_and_a_wrong_request_is_refused_with_the_reason() {
    // given
    configure(MailboxSettings.DEFAULT);
    mailbox.runCommand(new MailboxEntity.Deliver(deposit("m-1", 12)));

    // when
    var saved = mailbox.<StatusReply<MailboxState>>runCommand(
        replyTo -> new MailboxEntity.Submit(new MailboxCommand.SaveMessage("m-1", T0.plusSeconds(60)), replyTo));
    var unknown = mailbox.<StatusReply<MailboxState>>runCommand(
        replyTo -> new MailboxEntity.Submit(new MailboxCommand.SaveMessage("m-9", T0.plusSeconds(61)), replyTo));

    // then
    assertThat(saved.reply().getValue().savedCount()).isEqualTo(1);
    assertThat(saved.events()).contains(new MailboxEvent.MessageWaitingChanged("alice", 0, 1, false, T0.plusSeconds(60)));
    assertThat(unknown.reply().getError().getMessage()).isEqualTo("mailbox alice has no message m-9");
    assertThat(unknown.hasNoEvents()).isTrue();
  }

  @Test
  void a_deposit_into_a_box_that_does_not_exist_changes_nothing() {
    // when
    var result = mailbox.runCommand(new MailboxEntity.Deliver(deposit("m-1", 12)));

    // then
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(mailbox.getState().provisioned()).isFalse();
  }

  @Test
  void the_box_and_its_messages_are_recovered_after_a_restart() {
    // given
    configure(SMALL);
    mailbox.runCommand(new MailboxEntity.Deliver(deposit("m-1", 12)));
    mailbox.runCommand(new MailboxEntity.Deliver(deposit("m-2", 1)));
    MailboxState before = mailbox.getState();

    // when
    var restarted = mailbox.restart();

    // then
    assertThat(restarted.state()).isEqualTo(before);
    assertThat(restarted.state().messages()).containsOnlyKeys("m-1");
    assertThat(mailbox.<MailboxState>runCommand(MailboxEntity.Get::new).reply()).isEqualTo(before);
  }
}
