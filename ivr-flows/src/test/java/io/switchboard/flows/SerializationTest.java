package io.switchboard.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.switchboard.flows.simulation.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine journals inputs and commands and may snapshot states: all of them must survive a
 * round trip through Jackson (with java.time, as pekko-serialization-jackson configures it).
 */
class SerializationTest {

  final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());

  @Test
  void everyInputRoundTrips() throws Exception {
    List<FlowInput> inputs = List.of(new FlowInput.Started(), new FlowInput.PromptFinished("m/p1"),
        new FlowInput.Digit('#'), new FlowInput.TimerFired("m/t2"), new FlowInput.TransferFailed("busy"));
    for (FlowInput input : inputs) {
      assertThat(mapper.readValue(mapper.writeValueAsString(input), FlowInput.class)).isEqualTo(input);
    }
  }

  @Test
  void everyCommandRoundTrips() throws Exception {
    List<FlowCommand> commands = List.of(
        new FlowCommand.Play("m/p1", "menu", List.of(new Prompt.AudioFile("a.wav"), new Prompt.Tone("%(1,0,440)"),
            new Prompt.Speech("Hello", "en-US", "slt")), true),
        new FlowCommand.StopPlayback("m/p1"),
        new FlowCommand.StartDigitTimer("m/t2", Duration.ofMillis(5500)),
        new FlowCommand.CancelDigitTimer("m/t2"),
        new FlowCommand.Transfer(new TransferTarget.Queue("support")),
        new FlowCommand.Transfer(new TransferTarget.User("alice")),
        new FlowCommand.Transfer(new TransferTarget.Extension("201")),
        new FlowCommand.Transfer(new TransferTarget.OutsideNumber("+33140000000")),
        new FlowCommand.Transfer(new TransferTarget.Flow("sales")),
        new FlowCommand.Transfer(new TransferTarget.Voicemail("general")),
        new FlowCommand.Transfer(new TransferTarget.Operator()),
        new FlowCommand.RecordVoicemail("general", List.of(new Prompt.Tone("%(1,0,440)")), Duration.ofMinutes(3)),
        new FlowCommand.Hangup("NORMAL_CLEARING"),
        new FlowCommand.SetVariable("account", "123"),
        new FlowCommand.Decision("m", "1", "key 1 pressed"));
    for (FlowCommand command : commands) {
      String json = mapper.writeValueAsString(command);
      assertThat(mapper.readValue(json, FlowCommand.class)).as(json).isEqualTo(command);
    }
  }

  @Test
  void statesAlongACallRoundTrip() throws Exception {
    // given a call that goes through a menu, a collect and a transfer
    CompiledFlow flow = TestFlows.valid("""
        flow: s
        language: en-US
        start: m
        nodes:
          m:
            type: menu
            prompt: {say: Hi}
            options: {"1": c}
            on-timeout: t
          c:
            type: collect
            prompt: {say: Digits}
            variable: v
            next: t
            on-failure: t
          t:
            type: transfer
            queue: q
        """);
    Simulation sim = new Simulation(flow, FlowContext.at(Instant.parse("2026-12-07T10:00:00Z")));
    sim.start();
    List<FlowState> states = new java.util.ArrayList<>();
    states.add(sim.state());
    for (char c : "112#".toCharArray()) {
      sim.press(c);
      states.add(sim.state());
    }

    // then
    assertThat(states).extracting(s -> s.position().getClass().getSimpleName())
        .contains("Prompting", "Transferring");
    for (FlowState state : states) {
      String json = mapper.writeValueAsString(state);
      assertThat(mapper.readValue(json, FlowState.class)).as(json).isEqualTo(state);
    }
  }
}
