package io.switchboard.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.directory.DirectoryUser;
import io.switchboard.flows.directory.StaticDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCompilerTest {

  static final String MINIMAL = """
      flow: minimal
      language: en-US
      start: bye
      nodes:
        bye:
          type: hangup
      """;

  @Test
  void aValidFlowCompilesWithAContentHashVersion() {
    // when
    CompiledFlow flow = TestFlows.valid(MINIMAL);

    // then
    assertThat(flow.id()).isEqualTo("minimal");
    assertThat(flow.language()).isEqualTo("en-US");
    assertThat(flow.languages()).containsExactly("en-US");
    assertThat(flow.version()).matches("sha256:[0-9a-f]{64}");
    assertThat(flow.source()).isEqualTo("test.flow.yaml");
  }

  @Test
  void theVersionIgnoresLineEndingsAndAByteOrderMarkButNotContent() {
    String crlf = "\uFEFF" + MINIMAL.replace("\n", "\r\n");

    assertThat(TestFlows.valid(crlf).version()).isEqualTo(TestFlows.valid(MINIMAL).version());
    assertThat(TestFlows.valid(MINIMAL.replace("hangup", "hangup\n    cause: USER_BUSY")).version())
        .isNotEqualTo(TestFlows.valid(MINIMAL).version());
  }

  @Test
  void reportsEveryErrorAtOnceSortedByPosition() {
    // given a flow with a schema error, a value error, a reference error and a dead end
    String yaml = """
        flow: all
        language: en-US
        start: menu
        nodes:
          menu:
            type: menu
            prompt: {say: Hi}
            options: {"1": missing, "2": later}
            timeout: 0s
            on-timeout: bye
          later:
            type: play
            prompt: {say: Later}
          bye:
            type: hangup
            cause: BYE
        """;

    // when
    List<String> errors = TestFlows.errors(yaml);

    // then
    assertThat(errors).containsExactly(
        "8:20: menu 'menu': option '1' goes to 'missing', which is not a node of this flow; name an existing node or add one [unknown-node]",
        "9:14: menu 'menu': timeout 0s is too short; use 1s to 5m [invalid-duration]",
        "11:3: play 'later' has no next: after the prompt the caller would hear silence forever; add next: <node id> (a hangup node to end the call) [dead-end]",
        "16:12: hangup 'bye': cause 'BYE' is not one of: NORMAL_CLEARING, USER_BUSY, CALL_REJECTED, NO_ANSWER, UNALLOCATED_NUMBER, NORMAL_TEMPORARY_FAILURE, SERVICE_UNAVAILABLE, NO_ROUTE_DESTINATION [invalid-value]");
  }

  @Test
  void graphChecksWaitUntilTheMovesBetweenNodesAreReadable() {
    // given a typo in an edge field: 'bye' looks unreachable only because of it
    String yaml = """
        flow: typo
        language: en-US
        start: welcome
        nodes:
          welcome:
            type: play
            prompt: {say: Hi}
            nxt: bye
          bye:
            type: hangup
        """;

    // then: one error, not three
    assertThat(TestFlows.errors(yaml)).containsExactly(
        "8:5: play 'welcome': unknown field 'nxt'; did you mean 'next'? [unknown-field]");
  }

  @Test
  void findsLoopsASilentCallerWouldNeverLeave() {
    String yaml = """
        flow: loop
        language: en-US
        start: menu
        nodes:
          menu:
            type: menu
            prompt: {say: Hi}
            options: {"1": bye}
            on-timeout: again
          again:
            type: set
            variables: {tries: more}
            next: sorry
          sorry:
            type: play
            prompt: {say: Sorry}
            next: menu
          bye:
            type: hangup
        """;

    assertThat(TestFlows.errors(yaml)).containsExactly(
        "5:3: menu 'menu' is on a loop a caller who presses nothing would never leave: menu -(on-timeout)-> again "
            + "-(next)-> sorry -(next)-> menu; make one of these moves lead to a hangup, transfer or voicemail [endless-loop]");
  }

  @Test
  void aLoopThroughKeyPressesIsFine() {
    TestFlows.valid("""
        flow: ok
        language: en-US
        start: menu
        nodes:
          menu:
            type: menu
            prompt: {say: Hi}
            options: {"1": info, "9": bye}
            on-timeout: bye
          info:
            type: play
            prompt: {say: Info}
            next: menu
          bye:
            type: hangup
        """);
  }

  @Test
  void checksReferencesAgainstTheDirectoryOnlyWhenGiven() {
    // given
    String yaml = """
        flow: refs
        language: en-US
        start: m
        nodes:
          m:
            type: menu
            prompt: {say: Hi}
            options: {"1": q, "2": u, "3": x, "4": f, "5": vm}
            on-timeout: vm
          q: {type: transfer, queue: suport}
          u: {type: transfer, user: carol}
          x: {type: transfer, extension: "299"}
          f: {type: transfer, flow: sales}
          vm: {type: voicemail, mailbox: generl}
        """;
    StaticDirectory directory = new StaticDirectory(List.of(new DirectoryUser("alice", "201", "Alice")),
        List.of("support"), List.of("general"), List.of(new StaticDirectory.FlowEntry("main", null)));

    // when
    CompileResult without = TestFlows.compile(yaml);
    CompileResult with = FlowCompiler.create(TestFlows.CLOCK).withDirectory(directory).compile("t.yaml", yaml);

    // then
    assertThat(without.errors()).isEmpty();
    assertThat(with.errors()).extracting(FlowError::located).containsExactly(
        "10:30: transfer 'q': queue 'suport' is not in the directory; did you mean 'support'? [unknown-reference]",
        "11:29: transfer 'u': user 'carol' is not in the directory; add it to the directory's users or fix the id [unknown-reference]",
        "12:34: transfer 'x': extension '299' is not in the directory; add it to the directory's users (extension) or fix the id [unknown-reference]",
        "13:29: transfer 'f': flow 'sales' is not in the directory; add it to the directory's flows or fix the id [unknown-reference]",
        "14:34: voicemail 'vm': mailbox 'generl' is not in the directory; did you mean 'general'? [unknown-reference]");
    assertThat(FlowCompiler.create(TestFlows.CLOCK).withDirectory(directory.withFlows(List.of("sales")))
        .compile("t.yaml", yaml).errors()).hasSize(4);
  }

  @Test
  void reportsUnreadableAndNonUtf8Files(@TempDir Path dir) throws Exception {
    // given
    Path latin1 = dir.resolve("latin1.flow.yaml");
    Files.write(latin1, "flow: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    FlowCompiler compiler = FlowCompiler.create(TestFlows.CLOCK);

    // then
    assertThat(compiler.compile(dir.resolve("missing.flow.yaml")).errors()).extracting(FlowError::located)
        .containsExactly("1:1: cannot read the file: no such file; check the path and permissions [unreadable-file]");
    assertThat(compiler.compile(latin1).errors()).extracting(FlowError::located)
        .containsExactly("1:1: the file is not UTF-8 text; save it as UTF-8 [unreadable-file]");
  }

  @Test
  void listsEveryBranchForCoverage() {
    CompiledFlow flow = TestFlows.valid("""
        flow: b
        language: en-US
        start: m
        nodes:
          m:
            type: menu
            prompt: {say: Hi}
            options: {"1": c, "2": t}
            repeat: "*"
            on-timeout: h
          c:
            type: condition
            branches:
              - {name: vip, when: {variable: vip, equals: "yes"}, next: t}
            otherwise: h
          t: {type: transfer, queue: q, on-failure: h}
          h: {type: hangup}
        """);

    assertThat(flow.branches()).extracting(Branch::toString).containsExactly(
        "m:1", "m:2", "m:repeat", "m:invalid", "m:timeout", "m:on-invalid", "m:on-timeout",
        "c:vip", "c:otherwise", "t:failed");
  }
}
