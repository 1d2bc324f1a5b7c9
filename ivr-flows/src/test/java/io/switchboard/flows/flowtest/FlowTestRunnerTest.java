package io.switchboard.flows.flowtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.Branch;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.TestFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowTestRunnerTest {

  static final String FLOW = """
      flow: shop
      language: en-US
      timezone: Europe/Paris
      start: hours
      nodes:
        hours:
          type: schedule
          rules: [{days: mon-fri, hours: "09:00-18:00"}]
          otherwise: closed
          on-open: menu
          on-closed: closed
        menu:
          type: menu
          prompt: {say: Press 1 for sales}
          options: {"1": sales}
          retries: 0
          on-timeout: closed
        sales:
          type: transfer
          queue: sales
        closed:
          type: voicemail
          mailbox: general
      """;

  @TempDir
  Path dir;

  final FlowTestRunner runner = new FlowTestRunner(FlowCompiler.create(TestFlows.CLOCK), null);

  @BeforeEach
  void writeFlow() throws Exception {
    Files.writeString(dir.resolve("shop.flow.yaml"), FLOW);
  }

  Path test(String yaml) throws Exception {
    Path file = dir.resolve("shop.flowtest.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void passingTestsAndTheirCoverage() throws Exception {
    // given
    Path file = test("""
        flow: shop.flow.yaml
        defaults:
          caller: "+33612345678"
          at: 2026-12-07T10:00
        tests:
          - name: open, 1 goes to sales
            inputs: "1"
            expect:
              prompts: [menu.prompt]
              decisions: ["hours: open", "menu: 1"]
              result: {transfer: {queue: sales}}
          - name: closed on Sunday
            at: 2026-12-06T10:00
            expect:
              prompts: []
              result: {voicemail: general}
        """);

    // when
    SuiteReport report = runner.run(file);

    // then
    assertThat(report.errors()).isEmpty();
    assertThat(report.cases()).allMatch(CaseReport::passed);
    assertThat(report.flowId()).isEqualTo("shop");
    Coverage coverage = report.coverage().orElseThrow();
    assertThat(coverage.summary()).isEqualTo("3/5 branches");
    assertThat(coverage.uncovered()).containsExactly(new Branch("menu", "on-invalid"), new Branch("menu", "on-timeout"));
  }

  @Test
  void failuresSayExactlyWhatDiffered() throws Exception {
    // given
    Path file = test("""
        flow: shop.flow.yaml
        defaults:
          at: 2026-12-07T10:00
        tests:
          - name: wrong prompt
            inputs: [1]
            expect:
              prompts: [welcome]
          - name: wrong result
            inputs: [timeout]
            expect:
              result: {transfer: {queue: sales}}
          - name: wrong decisions
            inputs: "1"
            expect:
              decisions: ["hours: open"]
          - name: impossible input
            inputs: "1, timeout"
            expect:
              result: {transfer: {queue: sales}}
          - name: wrong variable
            expect:
              variables: {account: "42"}
        """);

    // when
    SuiteReport report = runner.run(file);

    // then
    assertThat(report.passed()).isFalse();
    assertThat(report.cases()).flatExtracting(CaseReport::failures).extracting(FlowError::toString).containsExactly(
        file + ":8:17: test 'wrong prompt': prompt 1 differs: expected 'welcome', played 'menu.prompt' "
            + "[say 'Press 1 for sales' (en-US)] (played: menu.prompt) [test-failure]",
        file + ":12:7: test 'wrong result': expected transfer to queue sales, but got voicemail in mailbox general [test-failure]",
        file + ":16:7: test 'wrong decisions': expected 1 decisions, 2 taken: unexpected 'menu: 1' "
            + "(decisions: hours: open, menu: 1) [test-failure]",
        file + ":18:13: test 'impossible input': input 2 'timeout' cannot be applied: timeout cannot be applied: "
            + "the call has ended: transfer to queue sales [test-failure]",
        file + ":23:28: test 'wrong variable': variable account is unset, expected '42' [test-failure]");
  }

  @Test
  void problemsWithTheTestFileAreLocated() throws Exception {
    // given
    Path file = test("""
        flow: shop.flow.yaml
        tests:
          - name: typo
            input: [1]
            expect: {result: {hangup: NORMAL_CLEARING}}
          - name: bad token
            inputs: [1x]
            expect: {result: {hangup: NORMAL_CLEARING}}
        """);

    // when
    SuiteReport report = runner.run(file);

    // then
    assertThat(report.errors()).extracting(FlowError::located).containsExactly(
        "4:5: test 'typo': unknown field 'input'; did you mean 'inputs'? [unknown-field]",
        "7:14: test 'bad token': input '1x' is not keys (0-9, *, #, such as 1 or 201#), spell:<letters>, timeout, "
            + "barge:<key> or transfer-failed[:reason] [invalid-value]");
    assertThat(report.cases()).isEmpty();
  }

  @Test
  void aFlowThatDoesNotCompileStopsItsTests() throws Exception {
    // given
    Files.writeString(dir.resolve("shop.flow.yaml"), FLOW.replace("queue: sales", "queue: 5"));
    Path file = test("""
        flow: shop.flow.yaml
        tests:
          - name: any
            expect: {result: {hangup: NORMAL_CLEARING}}
        """);

    // when
    SuiteReport report = runner.run(file);

    // then
    assertThat(report.errors()).extracting(FlowError::toString).containsExactly(
        dir.resolve("shop.flow.yaml") + ":20:12: transfer 'sales': queue must be text (a queue id), not the number 5 [wrong-type]",
        file + ":1:7: flow shop.flow.yaml does not compile (1 error(s) above); fix the flow first [test-failure]");
  }

  @Test
  void aScheduledFlowNeedsATime() throws Exception {
    // given
    Path file = test("""
        flow: shop.flow.yaml
        tests:
          - name: when?
            expect: {result: {hangup: NORMAL_CLEARING}}
        """);

    // when
    SuiteReport report = runner.run(file);

    // then
    assertThat(report.cases()).singleElement().satisfies(c -> assertThat(c.failures()).extracting(FlowError::located)
        .containsExactly("1:1: test 'when?': the flow has a schedule, so the test needs at: (when the call starts), "
            + "here or in defaults [test-failure]"));
  }
}
