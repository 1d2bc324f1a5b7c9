package io.switchboard.engine.organisation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.engine.queue.routing.QueuePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of the organisation's entities (directory, queues, agents, mailboxes, flow
 * catalog): {@code switchboard.engine.directory-file} and the {@code switchboard.engine.organisation}
 * section, read once.
 *
 * <p>Created with {@link #fromConfig} by {@link Organisation#start}; a bad value fails at start
 * naming the setting and its environment variable. Immutable.
 *
 * @param directoryFile the directory file loaded at start, or empty to run on what is journaled
 * @param reservationTimeout how long a queue waits for an agent to accept or refuse a reservation
 * @param reservationGrace added to reservation timeout plus alert time for an agent's own expiry of
 *     a reservation nobody released
 * @param keepAliveInterval how often every configured queue and agent is pinged, so that one moved
 *     or stopped by the cluster is running again within this interval
 * @param askTimeout how long the API and the loading wait for one entity's answer
 * @param loadTimeout how long loading the directory (and its queues, agents, mailboxes and flows)
 *     may take as a whole
 */
public record OrganisationSettings(
    Optional<Path> directoryFile,
    Duration reservationTimeout,
    Duration reservationGrace,
    Duration keepAliveInterval,
    Duration askTimeout,
    Duration loadTimeout) {

  private static final String PREFIX = "switchboard.engine.organisation.";

  public OrganisationSettings {
    Objects.requireNonNull(directoryFile, "directoryFile");
    requirePositive("reservation-timeout (SWITCHBOARD_RESERVATION_TIMEOUT)", reservationTimeout);
    if (reservationGrace == null || reservationGrace.isNegative()) {
      throw new IllegalArgumentException(PREFIX + "reservation-grace: "
          + (reservationGrace == null ? "missing" : QueuePolicy.human(reservationGrace)) + " must be 0s or more");
    }
    requirePositive("keep-alive-interval", keepAliveInterval);
    requirePositive("ask-timeout", askTimeout);
    requirePositive("load-timeout", loadTimeout);
  }

  /** Reads and validates the settings from a resolved root configuration. */
  public static OrganisationSettings fromConfig(Config root) {
    try {
      String file = root.getString("switchboard.engine.directory-file").strip();
      return new OrganisationSettings(
          file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)),
          root.getDuration(PREFIX + "reservation-timeout"),
          root.getDuration(PREFIX + "reservation-grace"),
          root.getDuration(PREFIX + "keep-alive-interval"),
          root.getDuration(PREFIX + "ask-timeout"),
          root.getDuration(PREFIX + "load-timeout"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid organisation setting: " + e.getMessage(), e);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PREFIX + name + ": " + (value == null ? "missing" : QueuePolicy.human(value))
          + " must be more than 0s");
    }
  }
}
