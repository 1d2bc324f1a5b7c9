package io.switchboard.engine.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.media.sim.EndpointScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code switchboard.engine.demo} section, read once: whether the demo mode runs, the
 * simulator's port and password, the demo organisation's files, how simulated endpoints and
 * prompts behave.
 *
 * <p>Created with {@link #fromConfig} by {@link DemoMode} and the {@code run} command. A bad value
 * fails naming the setting, its environment variable and the fix. Immutable.
 *
 * @param mediaSim whether the demo mode runs ({@code --media-sim}, {@code SWITCHBOARD_MEDIA_SIM})
 * @param port ESL port of the simulator on 127.0.0.1, 0 for a free one
 * @param password ESL password shared by the simulator and the media bridge
 * @param folder the demo organisation's folder
 * @param directoryFile the demo directory, used when no directory file is configured
 * @param endpointsFile how simulated phones and trunks answer ({@code DIAL=SCRIPT} lines)
 * @param defaultEndpoint how dial strings no line names behave
 * @param playback how long a prompt of unknown length plays
 * @param operator target of flows' operator transfers in the demo organisation
 * @param maxCommandsListed the most ESL commands one {@code GET /sim/commands} returns
 */
public record DemoSettings(
    boolean mediaSim,
    int port,
    String password,
    Path folder,
    Path directoryFile,
    Path endpointsFile,
    EndpointScript defaultEndpoint,
    Duration playback,
    String operator,
    int maxCommandsListed) {

  private static final String PREFIX = "switchboard.engine.demo.";

  public DemoSettings {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(directoryFile, "directoryFile");
    Objects.requireNonNull(endpointsFile, "endpointsFile");
    Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
    Objects.requireNonNull(operator, "operator");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PREFIX + "port (SWITCHBOARD_MEDIA_SIM_PORT): " + port
          + " is not a TCP port; use 1-65535, or 0 for a free one");
    }
    if (password.isBlank() || password.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(PREFIX + "password: use printable ASCII without spaces");
    }
    if (playback == null || playback.isNegative() || playback.isZero()) {
      throw new IllegalArgumentException(PREFIX + "playback: must be more than 0s, e.g. 3s");
    }
    if (maxCommandsListed < 1 || maxCommandsListed > 100_000) {
      throw new IllegalArgumentException(PREFIX + "max-commands-listed: " + maxCommandsListed
          + " is out of range; use 1 to 100000");
    }
  }

  /** Reads and validates the section from a resolved root configuration. */
  public static DemoSettings fromConfig(Config root) {
    try {
      String endpoint = root.getString(PREFIX + "default-endpoint");
      EndpointScript defaultEndpoint;
      try {
        defaultEndpoint = EndpointScript.parse(endpoint);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PREFIX + "default-endpoint: " + e.getMessage(), e);
      }
      return new DemoSettings(
          root.getBoolean(PREFIX + "media-sim"),
          root.getInt(PREFIX + "port"),
          root.getString(PREFIX + "password"),
          Path.of(root.getString(PREFIX + "folder")),
          Path.of(root.getString(PREFIX + "directory-file")),
          Path.of(root.getString(PREFIX + "endpoints-file")),
          defaultEndpoint,
          root.getDuration(PREFIX + "playback"),
          root.getString(PREFIX + "operator").strip(),
          root.getInt(PREFIX + "max-commands-listed"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid demo setting: " + e.getMessage()
          + (e.getMessage().contains("media-sim") ? " (SWITCHBOARD_MEDIA_SIM takes true or false)" : ""), e);
    }
  }
}
