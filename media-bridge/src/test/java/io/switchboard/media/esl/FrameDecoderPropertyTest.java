package io.switchboard.media.esl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any sequence of well-formed messages, cut into any chunks, decodes to the same messages. */
class FrameDecoderPropertyTest {

  record Msg(List<String[]> headers, byte[] body) {}

  @Provide
  Arbitrary<List<Msg>> messages() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('A', 'Z').withChars('-')
        .ofMinLength(1).ofMaxLength(12).filter(n -> !n.equalsIgnoreCase("Content-Length"));
    Arbitrary<String> value = Arbitraries.strings().ascii().excludeChars('\n', '\r')
        .ofMaxLength(40);
    Arbitrary<String[]> header = Combinators.combine(name, value).as((n, v) -> new String[] {n, v});
    Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<Msg> msg = Combinators.combine(header.list().ofMinSize(1).ofMaxSize(6), body)
        .as(Msg::new);
    return msg.list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 200)
  void chunking_does_not_change_the_messages(
      @ForAll("messages") List<Msg> msgs, @ForAll("cuts") List<Integer> cuts) {
    // given
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (Msg m : msgs) {
      StringBuilder sb = new StringBuilder();
      for (String[] h : m.headers()) {
        sb.append(h[0]).append(": ").append(h[1]).append('\n');
      }
      if (m.body().length > 0) {
        sb.append("Content-Length: ").append(m.body().length).append('\n');
      }
      sb.append('\n');
      wire.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
      wire.writeBytes(m.body());
    }
    byte[] bytes = wire.toByteArray();
    // when
    EslFrameDecoder d = EslFrameDecoder.forReplies();
    List<EslMessage> got = new ArrayList<>();
    int pos = 0;
    for (int c : cuts) {
      int n = Math.min(c, bytes.length - pos);
      d.decode(bytes, pos, n, got::add);
      pos += n;
    }
    d.decode(bytes, pos, bytes.length - pos, got::add);
    d.finish();
    // then
    assertThat(got).hasSize(msgs.size());
    for (int i = 0; i < msgs.size(); i++) {
      Msg m = msgs.get(i);
      EslMessage g = got.get(i);
      assertThat(g.body()).isEqualTo(m.body());
      for (int h = 0; h < m.headers().size(); h++) {
        assertThat(g.headers().name(h)).isEqualTo(m.headers().get(h)[0]);
        String expected = m.headers().get(h)[1];
        // one space after the colon is the separator; further leading spaces are kept
        assertThat(g.headers().value(h)).isEqualTo(expected);
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 200).list().ofMaxSize(40);
  }
}
