package io.switchboard.engine.cli;

import com.typesafe.config.Config;
import io.switchboard.engine.SwitchboardConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option shared by the commands that read Switchboard's configuration
 * (a picocli mixin). Created by picocli per command.
 */
final class ConfigOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON configuration file, used instead of application.conf; settings it does not"
          + " set keep their defaults and environment variables.")
  Path file;

  /** The resolved configuration with {@code overrides} in front. */
  Config load(Map<String, ?> overrides) {
    return SwitchboardConfig.load(Optional.ofNullable(file), overrides);
  }
}
