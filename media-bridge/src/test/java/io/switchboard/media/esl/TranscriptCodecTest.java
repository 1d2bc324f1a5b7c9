package io.switchboard.media.esl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The frame decoder against every real FreeSWITCH capture, whole and split at every byte. */
class TranscriptCodecTest {

  static Stream<String> files() {
    return Transcript.FILES.stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void every_received_block_is_exactly_one_message(String file) {
    // given
    Transcript t = Transcript.load(file);
    for (Transcript.Record r : t.records()) {
      if (!r.received()) {
        continue;
      }
      // when
      EslFrameDecoder decoder = EslFrameDecoder.forReplies();
      List<EslMessage> messages = decoder.decode(r.bytes());
      // then
      assertThat(messages).as("%s: %s", file, r.text()).hasSize(1);
      assertThat(decoder.bufferedBytes()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void the_whole_stream_fed_byte_by_byte_gives_the_same_messages(String file) {
    // given
    Transcript t = Transcript.load(file);
    for (Map.Entry<String, List<byte[]>> c : t.receivedByConnection().entrySet()) {
      List<EslMessage> expected = decodeEach(c.getValue());
      byte[] stream = Transcript.concat(c.getValue());
      // when
      EslFrameDecoder decoder = EslFrameDecoder.forReplies();
      List<EslMessage> got = new ArrayList<>();
      for (int i = 0; i < stream.length; i++) {
        decoder.decode(stream, i, 1, got::add);
      }
      decoder.finish();
      // then
      assertThat(got).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void the_stream_split_at_every_possible_boundary_gives_the_same_messages(String file) {
    // given: for every byte position of the connection's stream, one cut there. The decoder
    // keeps no state across a completed message, so cutting inside message i is checked with
    // its neighbours around it (previous + head | tail + next) rather than the whole file.
    Transcript t = Transcript.load(file);
    for (List<byte[]> blocks : t.receivedByConnection().values()) {
      List<EslMessage> each = decodeEach(blocks);
      for (int m = 0; m < blocks.size(); m++) {
        byte[] prev = m > 0 ? blocks.get(m - 1) : new byte[0];
        byte[] cur = blocks.get(m);
        byte[] next = m + 1 < blocks.size() ? blocks.get(m + 1) : new byte[0];
        List<EslMessage> expected = new ArrayList<>();
        if (m > 0) {
          expected.add(each.get(m - 1));
        }
        expected.add(each.get(m));
        if (m + 1 < blocks.size()) {
          expected.add(each.get(m + 1));
        }
        byte[] window = Transcript.concat(List.of(prev, cur, next));
        for (int cut = prev.length; cut <= prev.length + cur.length; cut++) {
          // when
          EslFrameDecoder decoder = EslFrameDecoder.forReplies();
          List<EslMessage> got = new ArrayList<>(3);
          decoder.decode(window, 0, cut, got::add);
          decoder.decode(window, cut, window.length - cut, got::add);
          decoder.finish();
          // then
          if (!got.equals(expected)) {
            throw new AssertionError(file + ": cut at " + cut + " of message " + m + " gave "
                + got + " instead of " + expected);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void every_event_parses_and_has_a_name(String file) {
    Transcript t = Transcript.load(file);
    List<EslEvent> events = t.events();
    assertThat(events).allSatisfy(e -> assertThat(e.name()).isNotEmpty());
  }

  @ParameterizedTest
  @MethodSource("files")
  void content_type_is_found_by_name_wherever_it_is(String file) {
    Transcript t = Transcript.load(file);
    assertThat(t.receivedMessages()).allSatisfy(m -> assertThat(m.contentType()).isIn(
        "auth/request", "command/reply", "api/response", "text/event-plain", "text/event-json",
        "text/disconnect-notice"));
  }

  private static List<EslMessage> decodeEach(List<byte[]> blocks) {
    List<EslMessage> out = new ArrayList<>();
    for (byte[] b : blocks) {
      List<EslMessage> one = EslFrameDecoder.forReplies().decode(b);
      assertThat(one).as(Arrays.toString(b)).hasSize(1);
      out.addAll(one);
    }
    return out;
  }
}
