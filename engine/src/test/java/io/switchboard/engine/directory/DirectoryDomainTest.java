package io.switchboard.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.directory.DirectoryCommand.AddFlow;
import io.switchboard.engine.directory.DirectoryCommand.AddNumber;
import io.switchboard.engine.directory.DirectoryCommand.AddQueue;
import io.switchboard.engine.directory.DirectoryCommand.AddSharedMailbox;
import io.switchboard.engine.directory.DirectoryCommand.AddUser;
import io.switchboard.engine.directory.DirectoryCommand.AssignNumber;
import io.switchboard.engine.directory.DirectoryCommand.ChangeUser;
import io.switchboard.engine.directory.DirectoryCommand.CompletePort;
import io.switchboard.engine.directory.DirectoryCommand.PutGateway;
import io.switchboard.engine.directory.DirectoryCommand.RemoveGateway;
import io.switchboard.engine.directory.DirectoryCommand.RemoveMailbox;
import io.switchboard.engine.directory.DirectoryCommand.RemoveNumber;
import io.switchboard.engine.directory.DirectoryCommand.RemoveQueue;
import io.switchboard.engine.directory.DirectoryCommand.RemoveUser;
import io.switchboard.engine.directory.DirectoryCommand.SetExtension;
import io.switchboard.engine.directory.DirectoryCommand.SetMainNumber;
import io.switchboard.engine.directory.DirectoryCommand.SetNumberPlan;
import io.switchboard.engine.directory.DirectoryCommand.SetOutboundRoutes;
import io.switchboard.engine.directory.DirectoryCommand.UnassignNumber;
import io.switchboard.engine.directory.DirectoryEvent.ExtensionSet;
import io.switchboard.engine.directory.DirectoryEvent.MailboxProvisioned;
import io.switchboard.engine.directory.DirectoryEvent.NumberAssigned;
import io.switchboard.engine.directory.DirectoryEvent.UserAdded;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryDomainTest {

  static final E164 MAIN = E164.of("+15551000100");
  static final E164 SALES = E164.of("+15551000101");
  static final E164 ALICE_DID = E164.of("+15551000102");

  DirectoryState state = DirectoryState.EMPTY;

  DirectoryDecision handle(DirectoryCommand command) {
    DirectoryDecision decision = DirectoryDomain.decide(state, command);
    state = DirectoryDomain.evolveAll(state, decision.events());
    return decision;
  }

  void accepted(DirectoryCommand... commands) {
    for (DirectoryCommand command : commands) {
      DirectoryDecision decision = handle(command);
      assertThat(decision.problems()).as(command.toString()).isEmpty();
    }
  }

  static AddUser user(String id, String extension, String name) {
    return new AddUser(id, extension, name, List.of("user/" + id), true);
  }

  @Test
  void numbers_are_searchable_by_prefix_and_pattern_and_by_state() {
    // given
    accepted(
        new AddNumber(MAIN, false),
        new AddNumber(SALES, false),
        new AddNumber(ALICE_DID, true),
        new AddNumber(E164.of("+15552000100"), false),
        new AddNumber(E164.of("+442071838750"), false),
        new AddFlow("main", "flows/main.yaml"),
        new AssignNumber(MAIN, Target.flow("main")));

    // when / then
    assertThat(state.numbersWithPrefix("+1555100", null)).extracting(NumberEntry::number).containsExactly(MAIN, SALES, ALICE_DID);
    assertThat(state.numbersWithPrefix("+1555", NumberState.AVAILABLE)).extracting(NumberEntry::number)
        .containsExactly(SALES, E164.of("+15552000100"));
    assertThat(state.numbersMatching(NumberPattern.of("+1555X00010[2-9]"), null)).extracting(NumberEntry::number)
        .containsExactly(ALICE_DID);
    assertThat(state.numbersMatching(NumberPattern.of("+1555[12]0001XX"), NumberState.ASSIGNED)).extracting(NumberEntry::number)
        .containsExactly(MAIN);
    assertThat(state.numbersMatching(NumberPattern.of("+44*"), null)).hasSize(1);
    assertThat(state.number(ALICE_DID).state()).isEqualTo(NumberState.PORTING_IN);
  }

  @Test
  void assignment_conflicts_are_refused_with_the_fix() {
    // given
    accepted(new AddNumber(SALES, false), new AddNumber(ALICE_DID, true), new AddQueue("sales", "Sales", null),
        new AddFlow("main", "flows/main.yaml"), new AssignNumber(SALES, Target.queue("sales")));
    DirectoryState before = state;

    // when / then
    assertThat(handle(new AssignNumber(SALES, Target.flow("main"))).problems())
        .containsExactly(new Problem("assign", "number +15551000101 is already assigned to queue sales; unassign it first"));
    assertThat(handle(new AssignNumber(E164.of("+15559999999"), Target.flow("main"))).problems())
        .containsExactly(new Problem("number", "number +15559999999 is not in the inventory; add it under numbers first"));
    assertThat(handle(new AssignNumber(ALICE_DID, Target.flow("main"))).problems())
        .containsExactly(new Problem("number", "number +15551000102 is still porting in; assign it once the port completes"));
    assertThat(handle(new AssignNumber(SALES, Target.user("ghost"))).problems())
        .containsExactly(new Problem("assign", "unknown user ghost; define it under users first"));
    assertThat(handle(new RemoveNumber(SALES)).problems())
        .containsExactly(new Problem("number", "number +15551000101 is assigned to queue sales; unassign it first"));
    assertThat(handle(new RemoveQueue("sales")).problems())
        .containsExactly(new Problem("id", "queue sales still has number(s) +15551000101; unassign them first"));
    assertThat(handle(new AddNumber(SALES, false)).problems())
        .containsExactly(new Problem("number", "number +15551000101 is already in the inventory"));
    assertThat(state).isEqualTo(before);
    assertThat(handle(new AssignNumber(SALES, Target.queue("sales"))).events()).as("same assignment is a no-op").isEmpty();
  }

  @Test
  void a_ported_number_becomes_available_and_can_then_be_assigned() {
    // given
    accepted(new AddNumber(ALICE_DID, true), new AddFlow("main", "f.yaml"));

    // when
    accepted(new CompletePort(ALICE_DID), new AssignNumber(ALICE_DID, Target.flow("main")));

    // then
    assertThat(state.number(ALICE_DID).state()).isEqualTo(NumberState.ASSIGNED);
    assertThat(handle(new CompletePort(ALICE_DID)).problems()).extracting(Problem::message)
        .containsExactly("number +15551000102 is not porting in (it is assigned)");
  }

  @Test
  void a_user_mailbox_is_provisioned_with_the_first_extension() {
    // when
    DirectoryDecision decision = handle(user("alice", "1001", "Alice Martin"));

    // then
    assertThat(decision.events())
        .containsExactly(
            new UserAdded(new User("alice", "1001", "Alice Martin", List.of("user/alice"), true)),
            new MailboxProvisioned(new MailboxEntry("alice", MailboxKind.USER, "alice", "Alice Martin")));
    assertThat(state.extensions()).containsEntry("1001", Target.user("alice"));
  }

  @Test
  void a_user_mailbox_is_provisioned_when_the_user_is_given_a_number_and_only_once() {
    // given
    accepted(new AddNumber(ALICE_DID, false), new AddNumber(SALES, false), user("bob", null, "Bob Stone"));
    assertThat(state.mailboxes()).isEmpty();

    // when
    DirectoryDecision first = handle(new AssignNumber(ALICE_DID, Target.user("bob")));
    DirectoryDecision second = handle(new AssignNumber(SALES, Target.user("bob")));
    DirectoryDecision extension = handle(new SetExtension("bob", "1002"));

    // then
    assertThat(first.events())
        .containsExactly(new NumberAssigned(ALICE_DID, Target.user("bob")),
            new MailboxProvisioned(new MailboxEntry("bob", MailboxKind.USER, "bob", "Bob Stone")));
    assertThat(second.events()).containsExactly(new NumberAssigned(SALES, Target.user("bob")));
    assertThat(extension.events()).containsExactly(new ExtensionSet("bob", null, "1002"));
    assertThat(state.numbersOf(Target.user("bob"))).containsExactly(SALES, ALICE_DID);
  }

  @Test
  void extensions_are_unique_across_users_and_queues_and_shorter_than_national_numbers() {
    // given
    accepted(user("alice", "1001", "Alice Martin"), new AddQueue("support", "Support", "600"));

    // when / then
    assertThat(handle(user("bob", "1001", "Bob Stone")).problems())
        .containsExactly(new Problem("extension", "extension 1001 is already used by user alice; choose a free extension"));
    assertThat(handle(new AddQueue("sales", "Sales", "1001")).problems())
        .containsExactly(new Problem("extension", "extension 1001 is already used by user alice; choose a free extension"));
    assertThat(handle(user("carl", "600", "Carl Benz")).problems()).extracting(Problem::message)
        .containsExactly("extension 600 is already used by queue support; choose a free extension");
    assertThat(handle(user("dora", "12a", "Dora")).problems()).extracting(Problem::message)
        .containsExactly("extension \"12a\" is invalid; use 2 to 7 digits");
    assertThat(handle(new SetNumberPlan(new NumberPlan("44", "0", "00", List.of(4, 10)))).problems()).extracting(Problem::message)
        .containsExactly("extension 1001 of user alice would be as long as a national number (4 digits); shorten the extension first");
    assertThat(handle(new SetExtension("alice", "1003")).events()).containsExactly(new ExtensionSet("alice", "1001", "1003"));
    assertThat(state.extensions()).containsOnlyKeys("1003", "600");
    assertThat(handle(user("bob", "1001", "Bob Stone")).accepted()).isTrue();
  }

  @Test
  void a_user_add_reports_every_problem_at_once() {
    // when
    DirectoryDecision decision = handle(new AddUser("bad id", "1", " ", List.of("1001", "user/a,user/b"), true));

    // then
    assertThat(decision.problems())
        .extracting(Problem::field)
        .containsExactly("id", "extension", "name", "endpoints", "endpoints");
    assertThat(state).isEqualTo(DirectoryState.EMPTY);
  }

  @Test
  void ids_of_users_and_shared_mailboxes_cannot_collide() {
    // given
    accepted(new AddSharedMailbox("support-box", "Support"), user("alice", null, "Alice"));

    // when / then
    assertThat(handle(user("support-box", "1001", "X")).problems()).extracting(Problem::message)
        .containsExactly("user id support-box is already the id of shared mailbox support-box; the user's own mailbox needs it, so rename one of them");
    assertThat(handle(new AddSharedMailbox("alice", "Alice's")).problems()).extracting(Problem::message)
        .containsExactly("mailbox id alice is the id of user alice, whose own mailbox uses it; choose another id");
  }

  @Test
  void removing_a_user_keeps_its_mailbox_until_removed_explicitly() {
    // given
    accepted(new AddNumber(ALICE_DID, false), user("alice", "1001", "Alice"), new AssignNumber(ALICE_DID, Target.user("alice")));

    // when
    DirectoryDecision refused = handle(new RemoveUser("alice"));
    DirectoryDecision mailboxRefused = handle(new RemoveMailbox("alice"));
    accepted(new UnassignNumber(ALICE_DID), new RemoveUser("alice"));

    // then
    assertThat(refused.problems()).extracting(Problem::message)
        .containsExactly("user alice still has number(s) +15551000102; unassign them first");
    assertThat(mailboxRefused.problems()).extracting(Problem::message)
        .containsExactly("mailbox alice belongs to user alice; remove the user first");
    assertThat(state.users()).isEmpty();
    assertThat(state.extensions()).isEmpty();
    assertThat(state.mailboxes()).containsKey("alice");
    assertThat(handle(new RemoveMailbox("alice")).accepted()).isTrue();
  }

  @Test
  void changing_a_user_keeps_its_extension() {
    // given
    accepted(user("alice", "1001", "Alice"));

    // when
    accepted(new ChangeUser("alice", "Alice Martin", List.of("user/1001", "sofia/gateway/gw/+15557654321"), false));

    // then
    assertThat(state.users().get("alice")).isEqualTo(
        new User("alice", "1001", "Alice Martin", List.of("user/1001", "sofia/gateway/gw/+15557654321"), false));
  }

  @Test
  void gateways_need_a_main_number_to_fall_back_to_and_present_only_numbers_held() {
    // given
    Gateway main = new Gateway("carrier-a", "sofia/gateway/carrier-a/{e164}", CallerIdRule.DEFAULT);
    Gateway fixed = new Gateway("carrier-b", "sofia/gateway/carrier-b/{digits}",
        new CallerIdRule(CallerIdRule.Mode.FIXED, E164.of("+15550000000"), CallerIdRule.Format.DIGITS, null));

    // when / then
    assertThat(handle(new PutGateway(main)).problems()).extracting(Problem::message)
        .containsExactly("gateway carrier-a falls back to the main number, but none is set; set mainNumber or use caller id mode fixed");
    assertThat(handle(new PutGateway(fixed)).problems()).extracting(Problem::message)
        .containsExactly("gateway carrier-b would present +15550000000, which is not in the inventory; present a number the organisation holds");
    accepted(new AddNumber(MAIN, false), new SetMainNumber(MAIN), new PutGateway(main));
    assertThat(handle(new SetMainNumber(null)).problems()).extracting(Problem::message)
        .containsExactly("gateway(s) carrier-a fall back to the main number; keep one or give them a fixed caller id");
    assertThat(handle(new RemoveNumber(MAIN)).problems()).extracting(Problem::message)
        .containsExactly("number +15551000100 is the main number; set another main number first");
  }

  @Test
  void outbound_routes_refer_to_known_gateways_and_pin_them() {
    // given
    accepted(new AddNumber(MAIN, false), new SetMainNumber(MAIN),
        new PutGateway(new Gateway("carrier-a", "sofia/gateway/carrier-a/{e164}", CallerIdRule.DEFAULT)));

    // when
    DirectoryDecision unknown = handle(new SetOutboundRoutes(List.of(new OutboundRoute(NumberPattern.of("+1*"), List.of("carrier-a", "nope")))));
    accepted(new SetOutboundRoutes(List.of(new OutboundRoute(NumberPattern.of("+1*"), List.of("carrier-a")))));
    DirectoryDecision removal = handle(new RemoveGateway("carrier-a"));

    // then
    assertThat(unknown.problems()).extracting(Problem::message)
        .containsExactly("outbound route +1* uses unknown gateway nope; define it under gateways");
    assertThat(removal.problems()).extracting(Problem::message)
        .containsExactly("gateway carrier-a is used by outbound route(s) +1*; change the routes first");
  }

  @Test
  void a_queue_is_renamed_and_changes_extension_which_then_reaches_it() {
    // given
    accepted(new AddQueue("support", "Support", "600"), user("alice", "601", "Alice"));

    // when
    DirectoryDecision taken = DirectoryDomain.decide(state, new DirectoryCommand.ChangeQueue("support", "Support", "601"));
    accepted(new DirectoryCommand.ChangeQueue("support", "Customer Care", "610"));

    // then
    assertThat(taken.problemSummary()).isEqualTo("extension 601 is already used by user alice; choose a free extension");
    assertThat(state.queues().get("support")).isEqualTo(new QueueEntry("support", "Customer Care", "610"));
    assertThat(state.extensions()).containsEntry("610", Target.queue("support")).doesNotContainKey("600");
    assertThat(handle(new DirectoryCommand.ChangeQueue("support", "Customer Care", "610")).events()).isEmpty();
    assertThat(DirectoryDomain.decide(state, new DirectoryCommand.ChangeQueue("nope", "X", null)).problemSummary())
        .isEqualTo("unknown queue nope; define it under queues first");
  }

  @Test
  void a_flow_moves_to_another_file() {
    // given
    accepted(new AddFlow("main", "flows/main.yaml"));

    // when
    accepted(new DirectoryCommand.ChangeFlow("main", "flows/main-2027.yaml"));

    // then
    assertThat(state.flows().get("main").file()).isEqualTo("flows/main-2027.yaml");
    assertThat(DirectoryDomain.decide(state, new DirectoryCommand.ChangeFlow("main", " ")).problemSummary())
        .isEqualTo("flow main needs the path of its flow file");
  }

  @Test
  void a_user_who_left_can_come_back_to_the_mailbox_that_kept_her_messages() {
    // given
    accepted(user("erin", "1005", "Erin"), new RemoveUser("erin"));
    assertThat(state.mailboxes()).containsKey("erin");

    // when
    DirectoryDecision back = handle(user("erin", "1006", "Erin"));

    // then
    assertThat(back.problems()).isEmpty();
    assertThat(back.events()).hasSize(1).first().isInstanceOf(UserAdded.class);
    assertThat(DirectoryDomain.decide(state, new AddSharedMailbox("erin", "Shared")).problemSummary())
        .isEqualTo("mailbox erin is already defined; give each mailbox its own id");
  }
}
