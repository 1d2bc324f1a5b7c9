package io.switchboard.media.it;

import static io.switchboard.media.it.SimFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.MediaBridge;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.sim.MediaSimCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The media-sim command: options, scripted endpoints, calls placed for a connected client. */
class MediaSimCommandIT {

  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void runs_with_scripted_endpoints_and_places_calls(@TempDir Path dir) throws Exception {
    // given
    Path file = dir.resolve("endpoints.txt");
    Files.writeString(file, "# agents\nuser/1002=busy\n");
    MediaSimCommand cmd = new MediaSimCommand();
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(cmd).setOut(new PrintWriter(out));
    cl.parseArgs("--port", "0", "--password", "s3cret", "--endpoint", "user/1001=answer:100ms",
        "--endpoints-file", file.toString(), "--call", "+15551230001,Alice,+15550100");
    // when
    MediaSimCommand.Running running = cmd.start();
    try {
      int port = running.simulator().port();
      EventLog events = new EventLog();
      MediaBridge bridge = MediaBridge.start(kit.system(), SimFixture.settings(List.of(
          new MediaBridgeSettings.Node("sim", "127.0.0.1", port, "s3cret"))), events);
      // then
      var parked = events.await(MediaEvent.ChannelParked.class);
      assertThat(parked.channel().callerName()).isEqualTo("Alice");
      var busy = join(bridge.execute("sim", MediaCommand.Originate.park(UUID.randomUUID().toString(),
          "user/1002", new MediaCommand.CallerId("A", "1"), Duration.ofSeconds(5), Map.of())));
      assertThat(busy.reason()).isEqualTo("USER_BUSY");
      var ok = join(bridge.execute("sim", MediaCommand.Originate.park(UUID.randomUUID().toString(),
          "user/1001", new MediaCommand.CallerId("A", "1"), Duration.ofSeconds(5), Map.of())));
      assertThat(ok.ok()).isTrue();
      assertThat(out.toString()).contains("test and demo tool, not FreeSWITCH")
          .contains("endpoint user/1002 -> Reject").contains("placed inbound call");
      join(bridge.stop());
    } finally {
      running.stop();
    }
  }

  @Test
  void bad_options_are_refused_with_the_fix() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new MediaSimCommand()).setErr(new PrintWriter(err));
    int code = cl.execute("--port", "0", "--endpoint", "user/1001");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("must be DIAL=SCRIPT");
    err.getBuffer().setLength(0);
    code = cl.execute("--port", "0", "--call", "+1555");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("CALLER,NAME,DESTINATION");
    StringWriter out = new StringWriter();
    new CommandLine(new MediaSimCommand()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(out.toString()).contains("a test and demo tool (not FreeSWITCH)").contains("--endpoint");
  }
}
