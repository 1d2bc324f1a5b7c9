package io.switchboard.media.esl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's facts about the captures, checked through the codec. */
class TranscriptFactsTest {

  @Test
  void auth_request_has_no_body_and_api_bodies_are_counted_in_bytes() {
    // given
    List<EslMessage> m = Transcript.load("inbound-auth-and-api.txt").receivedMessages();
    // then
    assertThat(m.get(0).contentType()).isEqualTo("auth/request");
    assertThat(m.get(0).bodyLength()).isZero();
    assertThat(m.get(1).header("Reply-Text")).isEqualTo("+OK accepted");
    assertThat(m.get(3).bodyText()).isEqualTo("{\"row_count\": 0}\n");
    EslMessage twoRows = m.get(5);
    assertThat(twoRows.bodyText()).startsWith("{\"row_count\":2").endsWith("}]}");
    assertThat(m.get(6).bodyText()).isEqualTo("-ERR No such channel!\n");
    assertThat(m.get(6).contentType()).isEqualTo("api/response");
  }

  @Test
  void exit_and_wrong_password_end_with_the_disconnect_notice() {
    List<EslMessage> m = Transcript.load("inbound-auth-and-api.txt").receivedMessages();
    EslMessage notice = m.get(m.size() - 3); // c2: wrong password, then this notice
    assertThat(notice.contentType()).isEqualTo("text/disconnect-notice");
    assertThat(notice.bodyText())
        .isEqualTo("Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
    assertThat(m.stream().filter(x -> "-ERR invalid".equals(x.header("Reply-Text")))).hasSize(1);
    assertThat(m.get(m.size() - 1).header("Reply-Text")).isEqualTo("-ERR command not found");
  }

  @Test
  void plain_values_are_url_decoded_without_turning_plus_into_space() {
    List<EslEvent> events = Transcript.load("inbound-events-plain.txt").events();
    EslEvent create = events.get(0);
    assertThat(create.name()).isEqualTo("CHANNEL_CREATE");
    assertThat(create.get("Caller-Caller-ID-Number")).isEqualTo("+15551230001");
    assertThat(create.get("Caller-Caller-ID-Name")).isEqualTo("Alice Example");
    assertThat(create.get("FreeSWITCH-IPv6")).isEqualTo("fd00::2");
    assertThat(create.get("Event-Date-GMT")).startsWith("Tue, 24 Nov 2026");
    EslEvent job = events.stream().filter(e -> e.name().equals("BACKGROUND_JOB")).findFirst()
        .orElseThrow();
    assertThat(job.get("Job-Command-Arg")).isEqualTo("{origination_uuid=76eb5802-ff33-416c-aea0-"
        + "d939896bb65c,origination_caller_id_number=+15551230001,origination_caller_id_name="
        + "'Alice Example'}loopback/9999/default &park");
    assertThat(job.body()).isEqualTo("+OK 76eb5802-ff33-416c-aea0-d939896bb65c\n");
    assertThat(events.stream().filter(e -> e.name().equals("DTMF")).map(e -> e.get("DTMF-Digit")))
        .containsExactly("1", "2", "#");
  }

  @Test
  void duplicate_headers_are_kept_in_plain_and_in_json() {
    EslEvent plain = Transcript.load("inbound-events-plain.txt").events().stream()
        .filter(e -> e.name().equals("CHANNEL_HANGUP_COMPLETE")).findFirst().orElseThrow();
    EslEvent json = Transcript.load("inbound-events-json.txt").events().stream()
        .filter(e -> e.name().equals("CHANNEL_HANGUP_COMPLETE")).findFirst().orElseThrow();
    assertThat(plain.headers().all("Hangup-Cause")).containsExactly("NORMAL_CLEARING",
        "NORMAL_CLEARING");
    assertThat(json.headers().all("Hangup-Cause")).containsExactly("NORMAL_CLEARING",
        "NORMAL_CLEARING");
  }

  @Test
  void json_events_carry_the_body_member_and_raw_values() {
    List<EslEvent> events = Transcript.load("inbound-events-json.txt").events();
    EslEvent job = events.stream().filter(e -> e.name().equals("BACKGROUND_JOB")).findFirst()
        .orElseThrow();
    assertThat(job.body()).isEqualTo("+OK d7ab5e47-9dce-4b28-9711-1eb9c535f0ba\n");
    assertThat(job.get("Content-Length")).isEqualTo("41");
    assertThat(events.stream().filter(e -> e.name().equals("DTMF")).map(e -> e.get("DTMF-Digit")))
        .containsExactly("1", "2", "#");
  }

  @Test
  void sofia_channel_names_decode_at_and_colon() {
    List<EslEvent> events = Transcript.load("originate-failure.txt").events();
    assertThat(events.stream().map(e -> e.get("Channel-Name")))
        .contains("sofia/internal/4040@127.0.0.1:5080");
    assertThat(events.stream().filter(e -> e.name().equals("BACKGROUND_JOB")).map(EslEvent::body))
        .containsExactly("-ERR USER_BUSY\n", "-ERR NO_ROUTE_DESTINATION\n",
            "-ERR NORMAL_CLEARING\n", "-ERR NORMAL_TEMPORARY_FAILURE\n",
            "-ERR nosuchcommand Command not found!\n");
  }

  @Test
  void the_outbound_connect_reply_is_header_only_with_url_encoded_values() {
    Transcript t = Transcript.load("outbound-socket.txt");
    EslMessage connect = t.records().stream()
        .filter(r -> r.received() && r.connection().equals("c2"))
        .map(r -> EslFrameDecoder.forReplies().decode(r.bytes()).get(0))
        .findFirst().orElseThrow();
    assertThat(connect.headers().name(0)).isEqualTo("Event-Name");
    assertThat(connect.contentType()).isEqualTo("command/reply");
    assertThat(connect.bodyLength()).isZero();
    assertThat(FsUrlCodec.decode(connect.header("Reply-Text"))).isEqualTo("+OK\n");
    assertThat(connect.header("Socket-Mode")).isEqualTo("async");
    assertThat(FsUrlCodec.decode(connect.header("Caller-Caller-ID-Name")))
        .isEqualTo("Carol Outbound");
  }

  @Test
  void the_linger_notice_has_an_empty_body() {
    Transcript t = Transcript.load("outbound-socket.txt");
    List<EslMessage> notices = t.receivedMessages().stream()
        .filter(m -> m.contentType().equals("text/disconnect-notice")).toList();
    assertThat(notices).hasSize(2);
    assertThat(notices.get(0).header("Content-Disposition")).isEqualTo("linger");
    assertThat(notices.get(0).bodyLength()).isZero();
    assertThat(notices.get(1).header("Content-Disposition")).isEqualTo("disconnect");
    assertThat(notices.get(1).bodyLength()).isEqualTo(67);
  }
}
