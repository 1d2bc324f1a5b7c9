package io.switchboard.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwitchboardCommandTest {

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = SwitchboardCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  @Test
  void helpListsEverySubcommand() {
    Result result = run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: switchboard", "run", "cassandra", "flow", "media-sim", "SWITCHBOARD_<SETTING>");
  }

  @Test
  void flowValidateRunsUnderTheRootCommand(@TempDir Path dir) throws Exception {
    // given: one valid flow and one with a dangling reference
    Path good = Files.writeString(dir.resolve("good.flow.yaml"), """
        flow: good
        language: en-US
        start: bye
        nodes:
          bye:
            type: hangup
        """);
    Path bad = Files.writeString(dir.resolve("bad.flow.yaml"), """
        flow: bad
        language: en-US
        start: nowhere
        nodes:
          bye:
            type: hangup
        """);

    // when
    Result ok = run("flow", "validate", good.toString());
    Result broken = run("flow", "validate", bad.toString());

    // then
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out() + broken.err()).contains(bad + ":3:").contains("nowhere");
  }

  @Test
  void mediaSimHelpSaysItIsASimulator() {
    Result result = run("media-sim", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).containsIgnoringCase("simulat").contains("--port");
  }

  @Test
  void runHelpExplainsEveryOption() {
    Result result = run("run", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--config", "--http-port", "--cassandra-port", "--data-dir",
        "--cassandra-contact-points", "SWITCHBOARD_HTTP_PORT", "SWITCHBOARD_DATA_DIR");
  }

  @Test
  void createSchemaPrintsTheRealCqlWithTheConfiguredReplication() {
    Result result = run("cassandra", "create-schema");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("CREATE KEYSPACE IF NOT EXISTS switchboard")
        .contains("'replication_factor':1", "CREATE TABLE IF NOT EXISTS switchboard.messages",
            "CREATE TABLE IF NOT EXISTS switchboard.snapshots", "CREATE TABLE IF NOT EXISTS switchboard.tag_views");
  }

  @Test
  void createSchemaExecuteWithoutAClusterIsAOneLineError() {
    Result result = run("cassandra", "create-schema", "--execute");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("switchboard: --execute needs an external cluster: set"
        + " SWITCHBOARD_CASSANDRA_CONTACT_POINTS (the embedded node creates its schema itself)" + System.lineSeparator());
  }

  @Test
  void missingConfigFileIsAOneLineError() {
    Result result = run("run", "--config", "/nonexistent/switchboard.conf");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("switchboard: configuration file /nonexistent/switchboard.conf does not exist");
  }

  @Test
  void runHelpExplainsTheDemoMode() {
    Result result = run("run", "--help");

    assertThat(result.out()).contains("--media-sim", "SWITCHBOARD_MEDIA_SIM", "ESL simulator", "demo/directory.yaml");
  }

  @Test
  void demoModeWithoutItsDirectoryIsAOneLineErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    // given
    Path config = dir.resolve("demo.conf");
    Files.writeString(config, "switchboard.engine.demo.directory-file = \"" + dir.resolve("none.yaml") + "\"\n");

    // when
    Result result = run("run", "--media-sim", "--config", config.toString());

    // then
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).startsWith("DEMO MODE: media is simulated");
    assertThat(result.err()).startsWith("switchboard: the demo directory " + dir.resolve("none.yaml") + " does not exist");
  }
}
