package io.switchboard.media.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Malformed input gives a clear protocol error, never a hang or unbounded memory. */
class MalformedFrameTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_non_numeric_length_is_a_protocol_error() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    assertThatThrownBy(() -> d.decode(b("Content-Type: api/response\nContent-Length: 12x\n\n")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("bad Content-Length '12x'");
  }

  @Test
  void a_negative_length_is_a_protocol_error() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    assertThatThrownBy(() -> d.decode(b("Content-Length: -5\n\n")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("bad Content-Length");
  }

  @Test
  void a_length_over_the_limit_is_refused_before_any_body_is_buffered() {
    EslFrameDecoder d = new EslFrameDecoder(EslFrameDecoder.Mode.REPLIES, 1024, 1000);
    assertThatThrownBy(() -> d.decode(b("Content-Length: 1001\n\n")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("exceeds the limit of 1000");
    assertThatThrownBy(() -> d.decode(b("Content-Length: 99999999999\n\n")))
        .isInstanceOf(EslProtocolException.class);
  }

  @Test
  void a_truncated_body_is_reported_when_the_stream_ends() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    assertThat(d.decode(b("Content-Type: api/response\nContent-Length: 10\n\nabc"))).isEmpty();
    assertThatThrownBy(d::finish).isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("got 3 of 10 bytes");
  }

  @Test
  void a_truncated_header_block_is_reported_when_the_stream_ends() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    assertThat(d.decode(b("Content-Type: command/reply\nReply-Te"))).isEmpty();
    assertThatThrownBy(d::finish).isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("middle of a header block");
  }

  @Test
  void garbage_is_a_protocol_error() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    assertThatThrownBy(() -> d.decode(b("HTTP/1.1 200 OK\nServer x\n\n")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("malformed header line");
  }

  @Test
  void binary_noise_is_a_protocol_error() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    byte[] noise = new byte[300];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (byte) (i * 37 + 11);
    }
    noise[100] = '\n';
    noise[101] = '\n';
    assertThatThrownBy(() -> d.decode(noise)).isInstanceOf(EslProtocolException.class);
  }

  @Test
  void an_oversized_header_block_fails_with_bounded_memory() {
    // given: a peer that sends header lines forever and never the empty line
    EslFrameDecoder d = new EslFrameDecoder(EslFrameDecoder.Mode.REPLIES, 4096, 1 << 20);
    byte[] line = b("X-Filler: " + "a".repeat(100) + "\n");
    // when / then: it fails as soon as the limit is passed, not after the peer gives up
    assertThatThrownBy(() -> {
      for (int i = 0; i < 1000; i++) {
        d.decode(line);
      }
    }).isInstanceOf(EslProtocolException.class).hasMessageContaining("header block exceeds 4096");
    assertThat(d.bufferedBytes()).isLessThan(4096 + 2 * line.length);
  }

  @Test
  void a_failed_decoder_refuses_further_input() {
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    assertThatThrownBy(() -> d.decode(b("garbage\n\n"))).isInstanceOf(EslProtocolException.class);
    assertThatThrownBy(() -> d.decode(b("Content-Type: auth/request\n\n")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("already failed");
  }

  @Test
  void malformed_json_and_plain_events_are_protocol_errors() {
    assertThatThrownBy(() -> EslEventParser.parseJson(b("{\"Event-Name\":\"X\"")))
        .isInstanceOf(EslProtocolException.class);
    assertThatThrownBy(() -> EslEventParser.parseJson(b("[1,2]")))
        .isInstanceOf(EslProtocolException.class);
    assertThatThrownBy(() -> EslEventParser.parsePlain(b("Event-Name: X\nContent-Length: 50\n\nab")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("only 2 follow");
    assertThatThrownBy(() -> EslEventParser.parsePlain(b("no colon here\n\n")))
        .isInstanceOf(EslProtocolException.class);
  }

  @Test
  void commands_are_decoded_with_their_first_line_and_a_body() {
    EslFrameDecoder d = EslFrameDecoder.forCommands();
    var got = d.decode(b("auth ClueCon\n\nsendmsg abc\ncall-command: execute\ncontent-length: 3\n\n"
        + "xyzapi status\r\n\r\n"));
    assertThat(got).hasSize(3);
    assertThat(got.get(0).command()).isEqualTo("auth ClueCon");
    assertThat(got.get(1).command()).isEqualTo("sendmsg abc");
    assertThat(got.get(1).header("Call-Command")).isEqualTo("execute");
    assertThat(got.get(1).bodyText()).isEqualTo("xyz");
    assertThat(got.get(2).command()).isEqualTo("api status");
    assertThat(Arrays.asList(got.get(2).headers().size())).containsExactly(0);
  }
}
