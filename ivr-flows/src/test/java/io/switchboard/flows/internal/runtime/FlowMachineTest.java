package io.switchboard.flows.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowCommand.CancelDigitTimer;
import io.switchboard.flows.FlowCommand.Decision;
import io.switchboard.flows.FlowCommand.Hangup;
import io.switchboard.flows.FlowCommand.Play;
import io.switchboard.flows.FlowCommand.SetVariable;
import io.switchboard.flows.FlowCommand.StartDigitTimer;
import io.switchboard.flows.FlowCommand.StopPlayback;
import io.switchboard.flows.FlowCommand.Transfer;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.FlowInput;
import io.switchboard.flows.FlowState;
import io.switchboard.flows.Prompt;
import io.switchboard.flows.Step;
import io.switchboard.flows.TestFlows;
import io.switchboard.flows.TransferTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowMachineTest {

  static final String FLOW = """
      flow: t
      language: en-US
      languages: [en-US, fr-FR]
      voice: {en-US: slt, fr-FR: gilles}
      start: welcome
      prompts:
        menu:
          say: {en-US: "Press 1", fr-FR: "Tapez 1"}
        sorry:
          audio: ivr/{lang}/sorry.wav
      nodes:
        welcome:
          type: play
          prompt: {tone: "%(200,0,440)"}
          interruptible: true
          next: main
        main:
          type: menu
          prompt: menu
          options: {"1": q, "2": french, "3": account}
          repeat: "*"
          retries: 1
          invalid-prompt: sorry
          on-timeout: bye
          on-invalid: op
        q:
          type: transfer
          queue: support
          on-failure: bye
        op:
          type: transfer
          operator: true
        french:
          type: set
          language: fr-FR
          variables: {chosen: fr}
          next: main
        account:
          type: collect
          prompt: {say: {en-US: Account, fr-FR: Compte}}
          variable: account
          min-length: 3
          max-length: 5
          pattern: "^[1-9][0-9]*$"
          inter-digit-timeout: 2s
          retries: 1
          next: bye
          on-failure: bye
        bye:
          type: hangup
      """;

  final CompiledFlow flow = TestFlows.valid(FLOW);
  final FlowContext ctx = FlowContext.at(Instant.parse("2026-12-07T10:00:00Z"));
  FlowState state;

  Step start() {
    Step s = flow.start(ctx);
    state = s.state();
    return s;
  }

  List<FlowCommand> feed(FlowInput input) {
    Step s = flow.step(state, input, ctx);
    state = s.state();
    return s.commands();
  }

  List<FlowCommand> finished(String playbackId) {
    return feed(new FlowInput.PromptFinished(playbackId));
  }

  List<FlowCommand> key(char c) {
    return feed(new FlowInput.Digit(c));
  }

  /** Starts the call and lets the welcome finish: the menu prompt is playing as main/p2. */
  void atMenuPrompt() {
    start();
    finished("welcome/p1");
  }

  /** The menu prompt has finished: the digit timer main/t3 runs. */
  void atMenuInput() {
    atMenuPrompt();
    finished("main/p2");
  }

  @Test
  void startPlaysTheStartNode() {
    // when
    Step step = start();

    // then
    assertThat(step.commands()).containsExactly(
        new Play("welcome/p1", "welcome.prompt", List.of(new Prompt.Tone("%(200,0,440)")), true));
    assertThat(step.state().position()).isEqualTo(new FlowState.Playing("welcome", "welcome/p1"));
    assertThat(step.state().language()).isEqualTo("en-US");
  }

  @Test
  void menuPlaysItsPromptThenWaitsForAKey() {
    // given
    start();

    // when
    List<FlowCommand> afterWelcome = finished("welcome/p1");
    List<FlowCommand> afterPrompt = finished("main/p2");

    // then
    assertThat(afterWelcome).containsExactly(
        new Play("main/p2", "menu", List.of(new Prompt.Speech("Press 1", "en-US", "slt")), true));
    assertThat(afterPrompt).containsExactly(new StartDigitTimer("main/t3", Duration.ofSeconds(5)));
  }

  @Test
  void aKeyTakesItsOption() {
    // given
    atMenuInput();

    // when
    List<FlowCommand> commands = key('1');

    // then
    assertThat(commands).containsExactly(
        new CancelDigitTimer("main/t3"),
        new Decision("main", "1", "key 1 pressed"),
        new Transfer(new TransferTarget.Queue("support")));
    assertThat(state.position()).isEqualTo(new FlowState.Transferring("q", new TransferTarget.Queue("support")));
  }

  @Test
  void aKeyDuringThePromptStopsIt() {
    // given
    atMenuPrompt();

    // when
    List<FlowCommand> commands = key('1');

    // then
    assertThat(commands).containsExactly(
        new StopPlayback("main/p2"),
        new Decision("main", "1", "key 1 pressed"),
        new Transfer(new TransferTarget.Queue("support")));
  }

  @Test
  void aKeyDuringAnInterruptiblePlayIsHandedToTheNextNode() {
    // given
    start();

    // when
    List<FlowCommand> commands = key('1');

    // then
    assertThat(commands).containsExactly(
        new StopPlayback("welcome/p1"),
        new Decision("main", "1", "key 1 pressed"),
        new Transfer(new TransferTarget.Queue("support")));
  }

  @Test
  void anInvalidKeyPlaysTheNoticeThenOffersTheMenuAgainThenGivesUp() {
    // given
    atMenuInput();

    // when
    List<FlowCommand> first = key('9');
    List<FlowCommand> afterNotice = finished("main/p4");
    List<FlowCommand> second = key('8');

    // then
    assertThat(first).containsExactly(
        new CancelDigitTimer("main/t3"),
        new Decision("main", "invalid", "key 9 is not an option (1, 2, 3); retry 1 of 1"),
        new Play("main/p4", "sorry", List.of(new Prompt.AudioFile("ivr/en-US/sorry.wav")), true));
    assertThat(afterNotice).containsExactly(
        new Play("main/p5", "menu", List.of(new Prompt.Speech("Press 1", "en-US", "slt")), true));
    assertThat(second).containsExactly(
        new StopPlayback("main/p5"),
        new Decision("main", "on-invalid", "key 8 is not an option (1, 2, 3); no retry left"),
        new Transfer(new TransferTarget.Operator()));
  }

  @Test
  void timeoutsRetryThenTakeOnTimeout() {
    // given
    atMenuInput();

    // when
    List<FlowCommand> first = feed(new FlowInput.TimerFired("main/t3"));
    finished("main/p4");
    List<FlowCommand> second = feed(new FlowInput.TimerFired("main/t5"));

    // then: no timeout-prompt, so the menu is offered again at once
    assertThat(first).containsExactly(
        new Decision("main", "timeout", "no key within 5s; retry 1 of 1"),
        new Play("main/p4", "menu", List.of(new Prompt.Speech("Press 1", "en-US", "slt")), true));
    assertThat(second).containsExactly(
        new Decision("main", "on-timeout", "no key within 5s; no retry left"),
        new Hangup("NORMAL_CLEARING"));
    assertThat(state.isFinished()).isTrue();
  }

  @Test
  void theRepeatKeyPlaysTheMenuAgainWithoutCountingAFailure() {
    // given
    atMenuInput();

    // when
    List<FlowCommand> commands = key('*');

    // then
    assertThat(commands).containsExactly(
        new CancelDigitTimer("main/t3"),
        new Decision("main", "repeat", "key * repeats the menu"),
        new Play("main/p4", "menu", List.of(new Prompt.Speech("Press 1", "en-US", "slt")), true));
    assertThat(((FlowState.Prompting) state.position()).failures()).isZero();
  }

  @Test
  void staleTimersAndPlaybacksChangeNothing() {
    // given
    atMenuInput();
    FlowState before = state;

    // when
    List<FlowCommand> oldTimer = feed(new FlowInput.TimerFired("main/t0"));
    List<FlowCommand> oldPlayback = finished("welcome/p1");
    List<FlowCommand> duplicateStart = feed(new FlowInput.Started());

    // then
    assertThat(oldTimer).isEmpty();
    assertThat(oldPlayback).isEmpty();
    assertThat(duplicateStart).isEmpty();
    assertThat(state).isEqualTo(before);
  }

  @Test
  void aFailedTransferGoesToOnFailure() {
    // given
    atMenuInput();
    key('1');

    // when
    List<FlowCommand> commands = feed(new FlowInput.TransferFailed("no agent signed in"));

    // then
    assertThat(commands).containsExactly(
        new Decision("q", "failed", "transfer to queue support failed: no agent signed in"),
        new Hangup("NORMAL_CLEARING"));
  }

  @Test
  void aFailedTransferWithoutOnFailureHangsUp() {
    // given
    atMenuInput();
    key('9');
    finished("main/p4");
    finished("main/p5");
    key('9'); // to the operator

    // when
    List<FlowCommand> commands = feed(new FlowInput.TransferFailed("no operator"));

    // then
    assertThat(commands).containsExactly(
        new Decision("op", "failed", "transfer to operator failed: no operator; no on-failure, hanging up"),
        new Hangup(FlowMachine.TRANSFER_FAILED_CAUSE));
  }

  @Test
  void settingTheLanguageResolvesPromptsInIt() {
    // given
    atMenuInput();

    // when
    List<FlowCommand> commands = key('2');

    // then
    assertThat(commands).containsExactly(
        new CancelDigitTimer("main/t3"),
        new Decision("main", "2", "key 2 pressed"),
        new SetVariable("chosen", "fr"),
        new SetVariable("language", "fr-FR"),
        new Play("main/p4", "menu", List.of(new Prompt.Speech("Tapez 1", "fr-FR", "gilles")), true));
    assertThat(state.language()).isEqualTo("fr-FR");
    assertThat(state.variables()).containsEntry("chosen", "fr");
  }

  @Test
  void collectStoresDigitsEndedByTheTerminator() {
    // given
    atMenuInput();
    key('3');
    finished("main/p4"); // would be stale: the collect prompt is account/p4
    finished("account/p4");

    // when
    List<FlowCommand> commands = new ArrayList<>();
    for (char c : "123#".toCharArray()) {
      commands.addAll(key(c));
    }

    // then
    assertThat(commands).containsExactly(
        new CancelDigitTimer("account/t5"),
        new StartDigitTimer("account/t6", Duration.ofSeconds(2)),
        new CancelDigitTimer("account/t6"),
        new StartDigitTimer("account/t7", Duration.ofSeconds(2)),
        new CancelDigitTimer("account/t7"),
        new StartDigitTimer("account/t8", Duration.ofSeconds(2)),
        new CancelDigitTimer("account/t8"),
        new SetVariable("account", "123"),
        new Decision("account", "collected", "collected '123' into account (ended with #)"),
        new Hangup("NORMAL_CLEARING"));
  }

  @Test
  void collectEndsAtMaxLengthAndAfterTheInterDigitTimeout() {
    // given two calls at the collect node's input
    atMenuInput();
    key('3');
    finished("account/p4");
    FlowState atInput = state;

    // when
    List<FlowCommand> full = new ArrayList<>();
    for (char c : "12345".toCharArray()) {
      full.addAll(key(c));
    }
    state = atInput;
    key('4');
    key('5');
    key('6');
    List<FlowCommand> paused = feed(new FlowInput.TimerFired("account/t8"));

    // then
    assertThat(full).contains(new SetVariable("account", "12345"),
        new Decision("account", "collected", "collected '12345' into account (reached 5 digits)"));
    assertThat(paused).containsExactly(new SetVariable("account", "456"),
        new Decision("account", "collected", "collected '456' into account (no more keys within 2s)"),
        new Hangup("NORMAL_CLEARING"));
  }

  @Test
  void collectRejectsShortOrMismatchingEntriesThenFails() {
    // given
    atMenuInput();
    key('3');
    finished("account/p4");

    // when
    key('1');
    key('2');
    List<FlowCommand> tooShort = key('#');
    key('0');
    key('1');
    key('2');
    List<FlowCommand> mismatch = key('#');

    // then
    assertThat(tooShort).containsExactly(
        new CancelDigitTimer("account/t7"),
        new Decision("account", "invalid", "'12' (ended with #) is shorter than 3 digits; retry 1 of 1"),
        new Play("account/p8", "account.prompt", List.of(new Prompt.Speech("Account", "en-US", "slt")), true));
    assertThat(mismatch).containsExactly(
        new CancelDigitTimer("account/t11"),
        new Decision("account", "on-failure", "'012' does not match ^[1-9][0-9]*$; no retry left"),
        new Hangup("NORMAL_CLEARING"));
  }

  @Test
  void theCallsLanguageIsUsedWhenOfferedAndMappedOtherwise() {
    // when
    Step french = flow.start(ctx.withLanguage("fr-FR"));
    Step canadian = flow.start(ctx.withLanguage("fr-CA"));
    Step german = flow.start(ctx.withLanguage("de-DE"));

    // then
    assertThat(french.state().language()).isEqualTo("fr-FR");
    assertThat(french.commands()).noneMatch(c -> c instanceof Decision);
    assertThat(canadian.state().language()).isEqualTo("fr-FR");
    assertThat(canadian.commands()).contains(
        new Decision("welcome", "language", "the call's language fr-CA is not offered; using fr-FR"));
    assertThat(german.state().language()).isEqualTo("en-US");
    assertThat(german.commands()).contains(
        new Decision("welcome", "language", "the call's language de-DE is not offered; using the default en-US"));
  }

  @Test
  void inputsAfterTheEndChangeNothing() {
    // given
    atMenuInput();
    feed(new FlowInput.TimerFired("main/t3"));
    finished("main/p4");
    feed(new FlowInput.TimerFired("main/t5"));
    FlowState ended = state;

    // when
    List<FlowCommand> commands = key('1');

    // then
    assertThat(commands).isEmpty();
    assertThat(state).isEqualTo(ended);
  }

  @Test
  void theSameInputsGiveTheSameSteps() {
    // given
    List<FlowInput> inputs = List.of(new FlowInput.PromptFinished("welcome/p1"), new FlowInput.Digit('2'),
        new FlowInput.PromptFinished("main/p4"), new FlowInput.Digit('3'), new FlowInput.Digit('5'));

    // when
    List<Step> first = run(inputs);
    List<Step> second = run(inputs);

    // then
    assertThat(second).isEqualTo(first);
  }

  private List<Step> run(List<FlowInput> inputs) {
    List<Step> steps = new ArrayList<>();
    Step s = flow.start(ctx);
    steps.add(s);
    for (FlowInput i : inputs) {
      s = flow.step(s.state(), i, ctx);
      steps.add(s);
    }
    return steps;
  }

  @Test
  void refusesTheStateOfAnotherVersion() {
    // given
    CompiledFlow edited = TestFlows.valid(FLOW + "\n# edited\n");
    FlowState old = flow.start(ctx).state();

    // then
    assertThat(edited.version()).isNotEqualTo(flow.version());
    assertThatThrownBy(() -> edited.step(old, new FlowInput.Digit('1'), ctx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a call stays on the version it started with");
  }
}
