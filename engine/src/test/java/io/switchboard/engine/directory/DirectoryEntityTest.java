package io.switchboard.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config());
  private static final E164 MAIN = E164.of("+15551000100");

  /** What the listener was told. */
  private record Told(List<DirectoryEvent> events, DirectoryState state, long revision) {}

  private final List<Told> told = new CopyOnWriteArrayList<>();
  private final EventSourcedBehaviorTestKit<DirectoryEntity.Command, DirectoryEvent, DirectoryState> directory =
      EventSourcedBehaviorTestKit.create(testKit.system(),
          DirectoryEntity.create(DirectoryEntity.ID, (events, state, revision) -> told.add(new Told(events, state, revision))));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    directory.clear();
    told.clear();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<DirectoryEntity.Command, DirectoryEvent, DirectoryState,
      StatusReply<DirectoryState>> apply(DirectoryCommand... commands) {
    return directory.runCommand(replyTo -> new DirectoryEntity.Apply(List.of(commands), replyTo));
  }

  private static DirectoryState target() {
    DirectoryState state = DirectoryState.EMPTY;
    for (DirectoryCommand command : List.of(
        new DirectoryCommand.AddNumber(MAIN, false),
        new DirectoryCommand.AddQueue("support", "Support", "600"),
        new DirectoryCommand.AddUser("alice", "1001", "Alice Martin", List.of("user/1001"), true),
        new DirectoryCommand.AssignNumber(MAIN, Target.queue("support")))) {
      state = DirectoryDomain.evolveAll(state, DirectoryDomain.decide(state, command).events());
    }
    return state;
  }

  @Test
  void a_batch_is_applied_all_at_once_and_published_with_its_revision() {
    // when
    var result = apply(new DirectoryCommand.AddNumber(MAIN, false), new DirectoryCommand.AddQueue("support", "Support", "600"));

    // then
    assertThat(result.events()).hasSize(2);
    assertThat(result.reply().getValue().queues()).containsKey("support");
    assertThat(told).last().satisfies(t -> {
      assertThat(t.events()).hasSize(2);
      assertThat(t.revision()).isEqualTo(2);
    });
  }

  @Test
  void a_batch_with_a_refused_command_changes_nothing_and_names_every_problem() {
    // when
    var result = apply(
        new DirectoryCommand.AddQueue("support", "Support", "600"),
        new DirectoryCommand.AssignNumber(MAIN, Target.queue("support")),
        new DirectoryCommand.AddUser("alice", "600", "Alice", List.of(), true));

    // then
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(result.reply().getError().getMessage()).isEqualTo(
        "command 2 (AssignNumber): number +15551000100 is not in the inventory; add it under numbers first; "
            + "command 3 (AddUser): extension 600 is already used by queue support; choose a free extension");
    assertThat(directory.getState()).isEqualTo(DirectoryState.EMPTY);
  }

  @Test
  void reconciling_journals_only_the_differences() {
    // given
    apply(new DirectoryCommand.AddNumber(MAIN, false), new DirectoryCommand.AddQueue("support", "Old name", null));

    // when
    var first = directory.<StatusReply<DirectoryEntity.Reconciled>>runCommand(
        replyTo -> new DirectoryEntity.Reconcile(target(), replyTo));
    var second = directory.<StatusReply<DirectoryEntity.Reconciled>>runCommand(
        replyTo -> new DirectoryEntity.Reconcile(target(), replyTo));

    // then
    assertThat(first.reply().getValue().changes()).containsExactly(
        new DirectoryCommand.ChangeQueue("support", "Support", "600"),
        new DirectoryCommand.AddUser("alice", "1001", "Alice Martin", List.of("user/1001"), true),
        new DirectoryCommand.AssignNumber(MAIN, Target.queue("support")));
    assertThat(first.reply().getValue().state()).isEqualTo(target());
    assertThat(first.events()).anySatisfy(e -> assertThat(e).isInstanceOf(DirectoryEvent.MailboxProvisioned.class));
    assertThat(second.hasNoEvents()).isTrue();
    assertThat(second.reply().getValue().changes()).isEmpty();
  }

  @Test
  void the_directory_is_recovered_after_a_restart_and_published_again() {
    // given
    directory.<StatusReply<DirectoryEntity.Reconciled>>runCommand(replyTo -> new DirectoryEntity.Reconcile(target(), replyTo));
    told.clear();

    // when
    var restarted = directory.restart();

    // then
    assertThat(restarted.state()).isEqualTo(target());
    assertThat(told).singleElement().satisfies(t -> {
      assertThat(t.events()).isEmpty();
      assertThat(t.state()).isEqualTo(target());
      assertThat(t.revision()).isEqualTo(5);
    });
    DirectoryView.Published read = directory.<DirectoryView.Published>runCommand(DirectoryEntity.Get::new).reply();
    assertThat(read).isEqualTo(new DirectoryView.Published(5, target()));
  }
}
