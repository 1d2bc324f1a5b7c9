package io.switchboard.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.directory.config.DirectoryFileLoader;
import io.switchboard.engine.directory.config.LoadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectoryDiff}: the commands it gives are all accepted by the directory's rules, in order,
 * and take the current directory exactly to the loaded one (but for the mailboxes it keeps on
 * purpose), for every kind of change a directory file can make.
 */
class DirectoryDiffTest {

  private static final String EXAMPLE = read("/directory/directory.yaml");

  private static String read(String resource) {
    try (var in = DirectoryDiffTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DirectoryState load(String yaml) {
    LoadResult result = DirectoryFileLoader.parse("directory.yaml", yaml, Path.of("/etc/switchboard"));
    if (result instanceof LoadResult.Failed failed) {
      throw new AssertionError("test directory does not load:\n" + failed.report());
    }
    return ((LoadResult.Loaded) result).configuration().directory();
  }

  /** The example with every {@code from} replaced by its {@code to}, in order. */
  private static String edit(String... fromTo) {
    String text = EXAMPLE;
    for (int i = 0; i < fromTo.length; i += 2) {
      assertThat(text).as("edit anchor").contains(fromTo[i]);
      text = text.replace(fromTo[i], fromTo[i + 1]);
    }
    return text;
  }

  /** Applies the diff through the domain; every command must be accepted. */
  private static DirectoryState apply(DirectoryState current, List<DirectoryCommand> commands) {
    DirectoryState state = current;
    for (DirectoryCommand command : commands) {
      DirectoryDecision decision = DirectoryDomain.decide(state, command);
      assertThat(decision.problems()).as("problems of %s", command).isEmpty();
      state = DirectoryDomain.evolveAll(state, decision.events());
    }
    return state;
  }

  /** What the diff must reach: user mailboxes keep their first name and outlive their user. */
  private static DirectoryState comparable(DirectoryState state) {
    Map<String, MailboxEntry> mailboxes = new HashMap<>();
    state.mailboxes().forEach((id, box) -> {
      if (box.kind() == MailboxKind.SHARED) {
        mailboxes.put(id, box);
      } else if (state.users().containsKey(box.ownerUserId())) {
        mailboxes.put(id, new MailboxEntry(id, MailboxKind.USER, box.ownerUserId(), "-"));
      }
    });
    return state.withMailboxes(mailboxes);
  }

  private static List<DirectoryCommand> reaches(DirectoryState current, DirectoryState target) {
    List<DirectoryCommand> commands = DirectoryDiff.between(current, target);
    assertThat(comparable(apply(current, commands))).isEqualTo(comparable(target));
    assertThat(DirectoryDiff.between(apply(current, commands), target)).as("a second diff").isEmpty();
    return commands;
  }

  @Test
  void from_nothing_the_diff_builds_the_whole_directory() {
    // given
    DirectoryState example = load(EXAMPLE);

    // when
    List<DirectoryCommand> commands = reaches(DirectoryState.EMPTY, example);

    // then
    assertThat(apply(DirectoryState.EMPTY, commands)).isEqualTo(example);
  }

  @Test
  void the_same_directory_again_needs_no_command() {
    assertThat(DirectoryDiff.between(load(EXAMPLE), load(EXAMPLE))).isEmpty();
  }

  @Test
  void two_users_swap_extensions() {
    // given
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit("extension: \"1001\"", "extension: \"X\"", "extension: \"1002\"", "extension: \"1001\"",
        "extension: \"X\"", "extension: \"1002\""));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then both extensions are freed first (each is taken over by the other user), then set
    assertThat(commands).containsExactly(
        new DirectoryCommand.SetExtension("alice", null),
        new DirectoryCommand.SetExtension("bob", null),
        new DirectoryCommand.SetExtension("alice", "1002"),
        new DirectoryCommand.SetExtension("bob", "1001"));
  }

  @Test
  void a_number_moves_to_another_target_and_a_removed_users_extension_goes_to_a_new_user() {
    // given alice's number moves to erin, dave leaves and his extension goes to a new user
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit(
        "    description: Alice's direct line\n    assign: { user: alice }", "    assign: { user: erin }",
        "  - id: dave\n    extension: \"1004\"\n    name: Lobby Phone\n    endpoints: [ \"sofia/internal/1004@10.0.0.40\" ]\n    listedInDirectory: false\n",
        "  - id: frank\n    extension: \"1004\"\n    name: Frank New\n",
        "      - { agent: dave, tier: 2, presenceBased: false }\n", ""));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then
    assertThat(commands).contains(
        new DirectoryCommand.UnassignNumber(E164.of("+15551000102")),
        new DirectoryCommand.RemoveUser("dave"),
        new DirectoryCommand.AssignNumber(E164.of("+15551000102"), Target.user("erin")));
    assertThat(commands.indexOf(new DirectoryCommand.RemoveUser("dave")))
        .isLessThan(commands.indexOf(new DirectoryCommand.AddUser("frank", "1004", "Frank New", List.of(), true)));
  }

  @Test
  void a_queue_is_renamed_and_moved_to_another_extension_and_a_flow_to_another_file() {
    // given
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit(
        "    name: Customer Support\n    extension: \"600\"", "    name: Customer Care\n    extension: \"610\"",
        "file: flows/main.flow.yaml", "file: flows/main-2027.flow.yaml"));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then
    assertThat(commands).containsExactly(
        new DirectoryCommand.ChangeFlow("main", "flows/main-2027.flow.yaml"),
        new DirectoryCommand.ChangeQueue("support", "Customer Care", "610"));
  }

  @Test
  void a_queue_takes_over_a_users_extension_and_the_user_gets_another() {
    // given
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit("    extension: \"600\"", "    extension: \"1001\"", "extension: \"1001\"\n    name: Alice",
        "extension: \"1011\"\n    name: Alice"));

    // when / then
    assertThat(reaches(current, target)).startsWith(new DirectoryCommand.SetExtension("alice", null));
  }

  @Test
  void the_number_plan_changes_with_extensions_that_would_not_fit_the_old_one() {
    // given alice's 5-digit extension, and a plan whose shortest national number has 5 digits
    DirectoryState current = load(edit("extension: \"1001\"", "extension: \"10011\""));
    DirectoryState target = load(edit("nationalNumberLengths: [10]", "nationalNumberLengths: [5, 10]",
        "extension: \"1001\"", "extension: \"1011\""));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then the old extension goes before the plan changes
    assertThat(commands).containsExactly(
        new DirectoryCommand.SetExtension("alice", null),
        new DirectoryCommand.SetNumberPlan(target.numberPlan()),
        new DirectoryCommand.SetExtension("alice", "1011"));
  }

  @Test
  void the_main_number_moves_and_the_old_one_is_given_up_after_the_gateways_that_used_it() {
    // given
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit(
        "mainNumber: \"+15551000100\"", "mainNumber: \"+15551000110\"",
        "  - number: \"+15551000100\"\n    description: Main line, answered by the main attendant\n    assign: { flow: main }\n",
        "",
        "callerId: { mode: fixed, number: \"+15551000100\" }", "callerId: { mode: fixed, number: \"+15551000110\" }"));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then
    assertThat(commands.indexOf(new DirectoryCommand.SetMainNumber(E164.of("+15551000110"))))
        .isLessThan(commands.indexOf(new DirectoryCommand.RemoveNumber(E164.of("+15551000100"))));
  }

  @Test
  void gateways_and_routes_change_together() {
    // given carrier-b goes, the routes use backup instead, and intl changes its caller id
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit(
        "  - id: carrier-b\n    dialString: \"{absolute_codec_string=PCMU}sofia/gateway/carrier-b/1{national}\"\n"
            + "    callerId: { mode: main-number, format: national, name: Example Corp }\n", "",
        "gateways: [ carrier-a, carrier-b ]", "gateways: [ carrier-a, backup ]",
        "callerId: { mode: pass-through, format: digits }", "callerId: { mode: main-number, format: digits }"));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then
    assertThat(commands.get(commands.size() - 1)).isEqualTo(new DirectoryCommand.RemoveGateway("carrier-b"));
  }

  @Test
  void numbers_finish_porting_and_start_again() {
    // given
    DirectoryState current = load(EXAMPLE);
    DirectoryState target = load(edit(
        "  - number: \"+15551000104\"\n    description: Moving over from the old carrier\n    state: porting-in\n",
        "  - number: \"+15551000104\"\n",
        "  - number: \"+15551000103\"\n    assign: { flow: after-hours }\n",
        "  - number: \"+15551000103\"\n    state: porting-in\n"));

    // when
    List<DirectoryCommand> commands = reaches(current, target);

    // then
    assertThat(commands).contains(
        new DirectoryCommand.CompletePort(E164.of("+15551000104")),
        new DirectoryCommand.AddNumber(E164.of("+15551000103"), true));
  }

  @Test
  void a_shared_mailbox_is_renamed_and_a_removed_users_box_id_is_taken_by_a_shared_box() {
    // given erin gets an extension (so a box), then leaves; her id becomes a shared box
    DirectoryState withErin = load(edit("    name: Erin Contractor\n", "    name: Erin Contractor\n    extension: \"1005\"\n"));
    DirectoryState target = load(edit(
        "    name: Support voicemail\n", "    name: Support messages\n",
        "  - id: erin\n    name: Erin Contractor\n    description: No extension or number yet, so no mailbox yet\n", "",
        "mailboxes:\n", "mailboxes:\n  - id: erin\n    name: Erin's old line\n"));

    // when / then
    reaches(withErin, target);
  }

  @Test
  void a_user_who_left_comes_back_to_the_mailbox_that_kept_her_messages() {
    // given
    DirectoryState withErin = load(edit("    name: Erin Contractor\n", "    name: Erin Contractor\n    extension: \"1005\"\n"));
    DirectoryState withoutErin = load(edit(
        "  - id: erin\n    name: Erin Contractor\n    description: No extension or number yet, so no mailbox yet\n", ""));
    DirectoryState erinGone = apply(withErin, DirectoryDiff.between(withErin, withoutErin));
    assertThat(erinGone.mailboxes()).containsKey("erin");

    // when / then
    reaches(erinGone, withErin);
  }
}
