package io.switchboard.media.esl;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FsUrlCodecTest {

  @Test
  void encodes_like_switch_url_encode() {
    assertThat(FsUrlCodec.encode("Tue, 24 Nov 2026 22:48:14 GMT"))
        .isEqualTo("Tue,%2024%20Nov%202026%2022%3A48%3A14%20GMT");
    assertThat(FsUrlCodec.encode("+15551230001")).isEqualTo("%2B15551230001");
    assertThat(FsUrlCodec.encode("sofia/internal/4040@127.0.0.1:5080"))
        .isEqualTo("sofia/internal/4040%40127.0.0.1%3A5080");
    assertThat(FsUrlCodec.encode("{a=b,c='d e'}x &park"))
        .isEqualTo("%7Ba%3Db,c%3D'd%20e'%7Dx%20%26park");
    assertThat(FsUrlCodec.encode("+OK\n")).isEqualTo("%2BOK%0A");
    assertThat(FsUrlCodec.encode("12#")).isEqualTo("12%23");
  }

  @Test
  void does_not_re_encode_an_existing_escape_like_freeswitch() {
    assertThat(FsUrlCodec.encode("100%25")).isEqualTo("100%25");
    assertThat(FsUrlCodec.encode("tone_stream://%(300)")).isEqualTo("tone_stream%3A//%25(300)");
  }

  @Test
  void decodes_plus_as_plus_and_keeps_stray_percent() {
    assertThat(FsUrlCodec.decode("%2B1+2")).isEqualTo("+1+2");
    assertThat(FsUrlCodec.decode("50%")).isEqualTo("50%");
    assertThat(FsUrlCodec.decode("%C3%A9t%C3%A9")).isEqualTo("été");
  }

  @Property(tries = 300)
  void round_trips_values_without_percent(@ForAll String value) {
    String v = value.replace("%", "").replace("\uFFFD", "");
    // lone surrogates cannot be UTF-8 encoded by anyone; FreeSWITCH never sends them
    if (!v.codePoints().allMatch(Character::isValidCodePoint)
        || v.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
      return;
    }
    String encoded = FsUrlCodec.encode(v);
    assertThat(encoded).doesNotContain("\n", "\r", " ", ":", "+");
    assertThat(FsUrlCodec.decode(encoded)).isEqualTo(v);
  }
}
