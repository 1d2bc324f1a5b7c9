package io.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.MediaBridgeException.InvalidCommand;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaCommand.CallerId;
import io.switchboard.media.esl.EslFrameDecoder;
import io.switchboard.media.esl.EslMessage;
import io.switchboard.media.esl.EslRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Caller-controlled values can never inject a line, a header, a channel variable or an
 * application argument: for any value, the command is either rejected or has exactly the
 * structure it should when read back the way FreeSWITCH reads it.
 */
class InjectionPropertyTest {

  static final String A = "76eb5802-ff33-416c-aea0-d939896bb65c";
  static final String JOB = "554938e7-385e-473a-9e1c-bb46947e9232";

  @Provide
  Arbitrary<String> nasty() {
    Arbitrary<String> alphabet = Arbitraries.strings()
        .withChars("\n\r\t\u0000'\"{}[],=^$\\|&;:#% ()<>@+/*!?`~_-.")
        .withChars("aZ09éü漢字\u2028\u0085\uFEFF")
        .ofMaxLength(30);
    Arbitrary<String> patterns = Arbitraries.of(
        "x\napi uuid_kill " + A, "a,b=c", "'}x{", "^^:a=b:c=d", "${system(reboot)}",
        "Doe, John", "José Müller", "a\r\n\r\nbgapi originate", "\u2028", "}sofia/x &bridge(y)",
        "a' ,origination_uuid='b", "[leg_var=1]", "x|y", "");
    return Arbitraries.oneOf(alphabet, patterns, Arbitraries.strings().all().ofMaxLength(20));
  }

  /** Renders, or returns null if the command was rejected (which is always acceptable). */
  private static List<EslRequest> renderOrNull(Supplier<MediaCommand> c) {
    try {
      return EslCommandRenderer.render(c.get(), JOB);
    } catch (InvalidCommand rejected) {
      assertThat(rejected.getMessage()).doesNotContain("\n").doesNotContain("\r");
      return null;
    }
  }

  /** Decodes the wire as FreeSWITCH would: exactly one command per request. */
  private static EslMessage decodeOne(EslRequest r) {
    EslFrameDecoder d = EslFrameDecoder.forCommands();
    List<EslMessage> got = d.decode(r.wire().getBytes(StandardCharsets.UTF_8));
    assertThat(got).as(r.wire()).hasSize(1);
    assertThat(d.bufferedBytes()).isZero();
    return got.get(0);
  }

  @Property(tries = 400)
  void caller_id_name_cannot_add_a_channel_variable_or_a_command(@ForAll("nasty") String name) {
    // given
    List<EslRequest> r = renderOrNull(() -> MediaCommand.Originate.park(A, "user/1001",
        new CallerId(name, "+15551230001"), null, Map.of("switchboard_call_id", "c1")));
    // then: names are cleaned, never rejected
    assertThat(r).isNotNull();
    EslMessage m = decodeOne(r.get(0));
    assertThat(m.headers().size()).isEqualTo(1); // only our Job-UUID header
    Map<String, String> vars = OriginateModel.variables(m.command());
    assertThat(vars).containsOnlyKeys("origination_uuid", "origination_caller_id_number",
        "origination_caller_id_name", "switchboard_call_id");
    assertThat(vars.get("origination_uuid")).isEqualTo(A);
    assertThat(vars.get("switchboard_call_id")).isEqualTo("c1");
    assertThat(OriginateModel.rest(m.command())).isEqualTo("user/1001 &park");
    assertThat(vars.get("origination_caller_id_name")).doesNotContain("$", "'", ",", "{", "}", "^");
  }

  @Property(tries = 400)
  void caller_id_number_and_variable_values_are_rejected_or_contained(
      @ForAll("nasty") String number, @ForAll("nasty") String value) {
    List<EslRequest> r = renderOrNull(() -> MediaCommand.Originate.park(A, "user/1001",
        new CallerId("Alice", number), null, Map.of("switchboard_call_id", value)));
    if (r == null) {
      return;
    }
    EslMessage m = decodeOne(r.get(0));
    Map<String, String> vars = OriginateModel.variables(m.command());
    assertThat(vars).containsOnlyKeys("origination_uuid", "origination_caller_id_number",
        "origination_caller_id_name", "switchboard_call_id");
    assertThat(vars.get("origination_caller_id_number")).isEqualTo(number);
    assertThat(vars.get("switchboard_call_id")).isEqualTo(value);
    assertThat(OriginateModel.rest(m.command())).isEqualTo("user/1001 &park");
  }

  @Property(tries = 300)
  void dial_strings_cannot_add_legs_applications_or_variables(@ForAll("nasty") String dest) {
    List<EslRequest> r = renderOrNull(() -> MediaCommand.Originate.park(A,
        "sofia/gateway/carrier/" + dest, new CallerId("Alice", "100"), null, Map.of()));
    if (r == null) {
      return;
    }
    EslMessage m = decodeOne(r.get(0));
    String rest = OriginateModel.rest(m.command());
    assertThat(rest).isEqualTo("sofia/gateway/carrier/" + dest + " &park");
    assertThat(dest).doesNotContain(" ", ",", "|", "{", "[", "&", "'");
  }

  @Property(tries = 300)
  void application_arguments_cannot_become_headers_or_be_expanded(@ForAll("nasty") String text) {
    List<EslRequest> r = renderOrNull(() -> new MediaCommand.Speak(A, "flite", "kal", text, A));
    if (r == null) {
      return;
    }
    EslMessage m = decodeOne(r.get(0));
    assertThat(m.command()).isEqualTo("sendmsg " + A);
    assertThat(m.headers().size()).isEqualTo(6);
    assertThat(m.bodyText()).isEqualTo("flite|kal|" + text);
    assertThat(text).doesNotContain("$", "\n", "\r");
  }

  @Property(tries = 300)
  void set_variable_values_stay_one_argument(@ForAll("nasty") String name, @ForAll("nasty") String value) {
    List<EslRequest> r = renderOrNull(() -> new MediaCommand.SetVariable(A, name, value, A));
    if (r == null) {
      return;
    }
    EslMessage m = decodeOne(r.get(0));
    assertThat(m.headers().size()).isEqualTo(6);
    assertThat(m.bodyText()).isEqualTo(name + "=" + value);
    assertThat(name).matches("[A-Za-z_][A-Za-z0-9_]*");
  }

  @Property(tries = 300)
  void api_arguments_stay_single_tokens(@ForAll("nasty") String file, @ForAll("nasty") String var) {
    List<EslRequest> broadcast = renderOrNull(() -> new MediaCommand.UuidBroadcast(A, file, null));
    if (broadcast != null) {
      EslMessage m = decodeOne(broadcast.get(0));
      assertThat(m.headers().size()).isZero();
      assertThat(m.command().split(" ")).containsExactly("api", "uuid_broadcast", A, file, "aleg");
    }
    List<EslRequest> setvar = renderOrNull(() -> new MediaCommand.UuidSetVar(A, "switchboard_x", var));
    if (setvar != null) {
      EslMessage m = decodeOne(setvar.get(0));
      assertThat(m.command().split(" ", -1)).containsExactly("api", "uuid_setvar", A, "switchboard_x", var);
    }
  }

  @Property(tries = 200)
  void uuids_are_only_uuids(@ForAll("nasty") String uuid) {
    List<EslRequest> r = renderOrNull(() -> new MediaCommand.UuidKill(uuid, null));
    if (r != null) {
      assertThat(uuid).matches("[0-9a-fA-F-]{36}");
    }
  }

  /**
   * How FreeSWITCH reads {@code originate {k=v,...}dial &app}: the args split on spaces outside
   * single quotes; the braces' content split on commas outside single quotes; each pair on its
   * first '='; quotes stripped.
   */
  static final class OriginateModel {
    static Map<String, String> variables(String command) {
      String args = command.substring("bgapi originate ".length());
      assertThat(args).startsWith("{");
      int close = closingBrace(args);
      String inner = args.substring(1, close);
      assertThat(inner).doesNotStartWith("^^");
      Map<String, String> vars = new LinkedHashMap<>();
      for (String pair : splitOutsideQuotes(inner, ',')) {
        int eq = pair.indexOf('=');
        assertThat(eq).as(pair).isPositive();
        String k = pair.substring(0, eq);
        String v = pair.substring(eq + 1);
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
          v = v.substring(1, v.length() - 1);
        }
        assertThat(vars.put(k, v)).as("duplicate variable " + k).isNull();
      }
      return vars;
    }

    static String rest(String command) {
      String args = command.substring("bgapi originate ".length());
      return args.substring(closingBrace(args) + 1);
    }

    private static int closingBrace(String args) {
      boolean quoted = false;
      for (int i = 0; i < args.length(); i++) {
        char c = args.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        } else if (c == '}' && !quoted) {
          return i;
        } else if (c == '{' && i > 0 && !quoted) {
          throw new AssertionError("nested brace in " + args);
        }
      }
      throw new AssertionError("no closing brace in " + args);
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
      List<String> out = new ArrayList<>();
      boolean quoted = false;
      StringBuilder cur = new StringBuilder();
      for (char c : s.toCharArray()) {
        if (c == '\'') {
          quoted = !quoted;
        }
        if (c == sep && !quoted) {
          out.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(c);
        }
      }
      assertThat(quoted).as("unbalanced quote in " + s).isFalse();
      out.add(cur.toString());
      return out;
    }
  }
}
