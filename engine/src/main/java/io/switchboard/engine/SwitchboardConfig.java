package io.switchboard.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads Switchboard's configuration in a fixed order, first wins: explicit overrides (command line
 * options), Java system properties, the given configuration file (or the usual
 * {@code application.conf}), then every module's {@code reference.conf}, whose
 * {@code ${?SWITCHBOARD_...}} entries read the environment.
 *
 * <p>Used by the command line; stateless.
 */
public final class SwitchboardConfig {

  private SwitchboardConfig() {}

  /**
   * @param file a HOCON file in place of {@code application.conf}, if given
   * @param overrides setting paths and values that beat everything else
   * @throws IllegalArgumentException when the file is missing or does not parse
   */
  public static Config load(Optional<Path> file, Map<String, ?> overrides) {
    try {
      Config application = file
          .map(path -> {
            if (!Files.isRegularFile(path)) {
              throw new IllegalArgumentException("configuration file " + path + " does not exist");
            }
            return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
          })
          .orElseGet(ConfigFactory::defaultApplication);
      return ConfigFactory.parseMap(overrides, "command line")
          .withFallback(ConfigFactory.defaultOverrides())
          .withFallback(application)
          .withFallback(ConfigFactory.defaultReferenceUnresolved())
          .resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }
}
