package io.switchboard.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The requests of the /sim routes are checked before anything reaches the simulator. */
class SimRequestsTest {

  @Test
  void a_call_from_outside_is_marked_inbound_for_the_dialplan() {
    // given
    String body = "{\"from\": \"+33612345678\", \"callerName\": \" Jane Doe \", \"to\": \"+33184880101\"}";

    // when
    SimRequests.PlaceCall call = SimRequests.placeCall(body);

    // then
    assertThat(call).isEqualTo(new SimRequests.PlaceCall("+33612345678", "Jane Doe", "+33184880101", false));
    assertThat(call.variables()).isEqualTo(Map.of("switchboard_inbound", "true"));
  }

  @Test
  void an_internal_call_from_an_extension_is_marked_internal() {
    // when
    SimRequests.PlaceCall call = SimRequests.placeCall("{\"from\": \"201\", \"to\": \"600\", \"internal\": true}");

    // then
    assertThat(call.callerName()).isEmpty();
    assertThat(call.variables()).isEqualTo(Map.of("switchboard_internal", "true"));
  }

  @Test
  void a_call_request_names_each_problem_and_its_fix() {
    assertBad(() -> SimRequests.placeCall(""), "Missing body", "send a JSON object");
    assertBad(() -> SimRequests.placeCall("{\"from\": "), "Malformed body", "the body is not JSON");
    assertBad(() -> SimRequests.placeCall("[1]"), "Malformed body", "must be a JSON object");
    assertBad(() -> SimRequests.placeCall("{\"to\": \"+33184880101\"}"), "Missing from", "\"from\" is required");
    assertBad(() -> SimRequests.placeCall("{\"from\": \"alice\", \"to\": \"+33184880101\"}"), "Bad caller number",
        "\"from\": \"alice\" is not a phone number");
    assertBad(() -> SimRequests.placeCall("{\"from\": 33612345678, \"to\": \"+33184880101\"}"), "Bad from",
        "must be a string");
    assertBad(() -> SimRequests.placeCall("{\"from\": \"+33612345678\", \"to\": \"sip:x\"}"), "Bad destination",
        "is not a number one can dial");
    assertBad(() -> SimRequests.placeCall("{\"from\": \"+33612345678\", \"to\": \"600\", \"internal\": \"yes\"}"),
        "Bad internal", "must be true or false");
    assertBad(() -> SimRequests.placeCall("{\"from\": \"+33612345678\", \"callerName\": \"a\\nb\", \"to\": \"600\"}"),
        "Bad caller name", "control characters");
    assertBad(() -> SimRequests.placeCall("{\"from\": \"+33612345678\", \"callerName\": \"" + "x".repeat(65)
        + "\", \"to\": \"600\"}"), "Bad caller name", "keep it to 64");
    assertBad(() -> SimRequests.placeCall("{\"from\": \"+33612345678\", \"to\": \"600\", \"uuid\": \"x\"}"),
        "Unknown field", "unknown field(s) uuid; the fields are callerName, from, internal, to");
  }

  @Test
  void digits_are_telephone_keys() {
    assertThat(SimRequests.digits("{\"digits\": \"12*#a\"}").digits()).isEqualTo("12*#A");
    assertBad(() -> SimRequests.digits("{\"digits\": \"1x\"}"), "Bad digits", "are not telephone keys");
    assertBad(() -> SimRequests.digits("{\"digits\": \"\"}"), "Bad digits", "use 1 to 32");
    assertBad(() -> SimRequests.digits("{\"digits\": \"" + "1".repeat(33) + "\"}"), "Bad digits", "use 1 to 32");
    assertBad(() -> SimRequests.digits("{}"), "Missing digits", "\"digits\" is required");
  }

  @Test
  void a_hangup_cause_defaults_to_normal_clearing_and_must_be_a_cause_name() {
    assertThat(SimRequests.hangup("").cause()).isEqualTo("NORMAL_CLEARING");
    assertThat(SimRequests.hangup("{\"cause\": \"user_busy\"}").cause()).isEqualTo("USER_BUSY");
    assertBad(() -> SimRequests.hangup("{\"cause\": \"busy now\"}"), "Bad cause", "is not a hang-up cause");
  }

  @Test
  void a_command_listing_has_a_bounded_limit_and_a_channel_uuid() {
    assertThat(SimRequests.commands(Optional.empty(), Optional.empty(), 500))
        .isEqualTo(new SimRequests.CommandQuery(50, Optional.empty()));
    assertThat(SimRequests.commands(Optional.of("20"), Optional.of("CCDBC74C-8EF5-4B31-AB55-ABA7AD7945F0"), 500))
        .isEqualTo(new SimRequests.CommandQuery(20, Optional.of("ccdbc74c-8ef5-4b31-ab55-aba7ad7945f0")));
    assertThat(SimRequests.commands(Optional.empty(), Optional.empty(), 10).limit()).isEqualTo(10);
    assertBad(() -> SimRequests.commands(Optional.of("501"), Optional.empty(), 500), "Bad limit", "from 1 to 500");
    assertBad(() -> SimRequests.commands(Optional.of("ten"), Optional.empty(), 500), "Bad limit", "from 1 to 500");
    assertBad(() -> SimRequests.commands(Optional.empty(), Optional.of("nope"), 500), "Bad channel",
        "is not a channel uuid");
  }

  private static void assertBad(Runnable request, String title, String detail) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(SimRequests.BadSimRequest.class, e -> assertThat(e.title()).isEqualTo(title))
        .hasMessageContaining(detail);
  }
}
