package io.switchboard.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.directory.DialResolver.Caller;
import io.switchboard.engine.directory.DirectoryCommand.AddFlow;
import io.switchboard.engine.directory.DirectoryCommand.AddNumber;
import io.switchboard.engine.directory.DirectoryCommand.AddQueue;
import io.switchboard.engine.directory.DirectoryCommand.AddUser;
import io.switchboard.engine.directory.DirectoryCommand.AssignNumber;
import io.switchboard.engine.directory.DirectoryCommand.PutGateway;
import io.switchboard.engine.directory.DirectoryCommand.SetMainNumber;
import io.switchboard.engine.directory.DirectoryCommand.SetOutboundRoutes;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DialResolverTest {

  static final E164 MAIN = E164.of("+15551000100");
  static final E164 ALICE_DID = E164.of("+15551000102");
  static final E164 SPARE = E164.of("+15551000109");

  DirectoryState state = DirectoryState.EMPTY;

  void apply(DirectoryCommand... commands) {
    for (DirectoryCommand command : commands) {
      DirectoryDecision decision = DirectoryDomain.decide(state, command);
      assertThat(decision.problems()).as(command.toString()).isEmpty();
      state = DirectoryDomain.evolveAll(state, decision.events());
    }
  }

  @BeforeEach
  void directory() {
    apply(
        new AddNumber(MAIN, false),
        new AddNumber(ALICE_DID, false),
        new AddNumber(SPARE, false),
        new AddNumber(E164.of("+15551000110"), true),
        new SetMainNumber(MAIN),
        new AddFlow("main", "flows/main.yaml"),
        new AddQueue("support", "Support", "600"),
        new AddUser("alice", "1001", "Alice Martin", List.of("user/1001"), true),
        new AddUser("bob", "1002", "Bob Stone", List.of("user/1002"), true),
        new AssignNumber(MAIN, Target.flow("main")),
        new AssignNumber(ALICE_DID, Target.user("alice")),
        new PutGateway(new Gateway("carrier-a", "{absolute_codec_string=PCMU}sofia/gateway/carrier-a/{e164}",
            new CallerIdRule(CallerIdRule.Mode.USER_NUMBER, null, CallerIdRule.Format.E164, null))),
        new PutGateway(new Gateway("carrier-b", "sofia/gateway/carrier-b/1{national}",
            new CallerIdRule(CallerIdRule.Mode.MAIN_NUMBER, null, CallerIdRule.Format.NATIONAL, "Example Corp"))),
        new PutGateway(new Gateway("intl", "sofia/gateway/intl/{digits}",
            new CallerIdRule(CallerIdRule.Mode.PASS_THROUGH, null, CallerIdRule.Format.DIGITS, null))),
        new SetOutboundRoutes(List.of(
            new OutboundRoute(NumberPattern.of("+1NXXNXXXXXX"), List.of("carrier-a", "carrier-b")),
            new OutboundRoute(NumberPattern.of("+44*"), List.of("intl")))));
  }

  @Test
  void an_extension_is_internal_and_never_chooses_a_gateway() {
    // when
    Destination toBob = DialResolver.resolve(state, "1002", Caller.user("alice"));
    Destination toQueue = DialResolver.resolve(state, "600", Caller.user("alice"));

    // then
    assertThat(toBob).isEqualTo(new Destination.Internal(Target.user("bob"), "extension 1002"));
    assertThat(toQueue).isEqualTo(new Destination.Internal(Target.queue("support"), "extension 600"));
  }

  @Test
  void the_organisations_own_numbers_stay_inside_in_any_dialled_form() {
    // when
    Destination e164 = DialResolver.resolve(state, "+15551000102", Caller.user("bob"));
    Destination national = DialResolver.resolve(state, "5551000100", Caller.user("bob"));
    Destination withPrefix = DialResolver.resolve(state, "15551000100", Caller.user("bob"));

    // then
    assertThat(e164).isEqualTo(new Destination.Internal(Target.user("alice"), "own number +15551000102"));
    assertThat(national).isEqualTo(new Destination.Internal(Target.flow("main"), "own number +15551000100"));
    assertThat(withPrefix).isEqualTo(national);
  }

  @Test
  void unassigned_and_porting_own_numbers_are_unroutable_with_the_reason() {
    assertThat(DialResolver.resolve(state, "+15551000109", Caller.user("bob"))).isEqualTo(new Destination.Unroutable(
        "number +15551000109 belongs to the organisation but is not assigned; assign it to a flow, queue or user"));
    assertThat(DialResolver.resolve(state, "+15551000110", Caller.user("bob"))).isEqualTo(new Destination.Unroutable(
        "number +15551000110 belongs to the organisation but is still porting in"));
  }

  @Test
  void an_outside_number_gets_the_routes_gateways_in_order_with_their_caller_id_rules() {
    // when
    Destination fromAlice = DialResolver.resolve(state, "2125550123", Caller.user("alice"));
    Destination fromBob = DialResolver.resolve(state, "2125550123", Caller.user("bob"));

    // then: alice presents her DID, bob has none and presents the main number; carrier-b always the main number
    assertThat(fromAlice).isEqualTo(new Destination.Outside(E164.of("+12125550123"), List.of(
        new GatewayAttempt("carrier-a", "{absolute_codec_string=PCMU}sofia/gateway/carrier-a/+12125550123", "+15551000102", "Alice Martin"),
        new GatewayAttempt("carrier-b", "sofia/gateway/carrier-b/12125550123", "5551000100", "Example Corp")),
        NumberPattern.of("+1NXXNXXXXXX")));
    assertThat(((Destination.Outside) fromBob).attempts().get(0).callerIdNumber()).isEqualTo("+15551000100");
  }

  @Test
  void pass_through_presents_the_original_caller_of_a_forwarded_call() {
    // when
    Destination forwarded = DialResolver.resolve(state, "011442071838750", Caller.external("2125550199"));
    Destination anonymous = DialResolver.resolve(state, "+442071838750", Caller.external("anonymous"));

    // then
    assertThat(((Destination.Outside) forwarded).attempts())
        .containsExactly(new GatewayAttempt("intl", "sofia/gateway/intl/442071838750", "12125550199", null));
    assertThat(((Destination.Outside) anonymous).attempts().get(0).callerIdNumber()).isEqualTo("15551000100");
  }

  @Test
  void no_matching_route_and_incomplete_or_hostile_input_are_unroutable() {
    assertThat(DialResolver.resolve(state, "+33123456789", Caller.user("alice")))
        .isEqualTo(new Destination.Unroutable("no outbound route matches +33123456789; add a route whose pattern matches it, e.g. +3*"));
    assertThat(DialResolver.resolve(state, "1234", Caller.user("alice")))
        .isEqualTo(new Destination.Unroutable("\"1234\" is neither an extension nor a complete number under the number plan (country code 1)"));
    assertThat(DialResolver.resolve(state, "1001\nuuid_kill all", Caller.user("alice")))
        .isEqualTo(new Destination.Unroutable("dialled \"1001?uuid_kill all\" holds characters other than digits, '+', '*' and '#'"));
    assertThat(DialResolver.resolve(state, "", Caller.user("alice"))).isEqualTo(new Destination.Unroutable("nothing was dialled"));
  }

  @Test
  void an_exact_route_pattern_does_not_match_a_number_of_another_length() {
    // +1 and 9 digits is valid E.164 but not a North American number: the +1NXXNXXXXXX route does not take it
    assertThat(DialResolver.resolve(state, "+1212555012", Caller.user("alice")))
        .isEqualTo(new Destination.Unroutable("no outbound route matches +1212555012; add a route whose pattern matches it, e.g. +1*"));
  }
}
