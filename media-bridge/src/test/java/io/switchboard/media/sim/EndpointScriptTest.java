package io.switchboard.media.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointScriptTest {

  @Test
  void parses_the_command_line_forms() {
    assertThat(EndpointScript.parse("answer")).isEqualTo(new EndpointScript.Answer(Duration.ZERO));
    assertThat(EndpointScript.parse("answer:2s")).isEqualTo(new EndpointScript.Answer(Duration.ofSeconds(2)));
    assertThat(EndpointScript.parse("answer:250ms")).isEqualTo(new EndpointScript.Answer(Duration.ofMillis(250)));
    assertThat(EndpointScript.parse("busy")).isEqualTo(new EndpointScript.Reject("USER_BUSY", Duration.ZERO));
    assertThat(EndpointScript.parse("reject:call_rejected:1.5s"))
        .isEqualTo(new EndpointScript.Reject("CALL_REJECTED", Duration.ofMillis(1500)));
    assertThat(EndpointScript.parse("ring")).isEqualTo(new EndpointScript.RingForever());
  }

  @Test
  void bad_scripts_say_what_is_accepted() {
    assertThatThrownBy(() -> EndpointScript.parse("maybe"))
        .hasMessageContaining("use answer, answer:2s, busy, reject:CAUSE[:2s] or ring");
    assertThatThrownBy(() -> EndpointScript.parse("answer:soon")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EndpointScript.parse("reject")).isInstanceOf(IllegalArgumentException.class);
  }
}
