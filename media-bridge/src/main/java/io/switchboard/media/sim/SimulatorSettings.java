package io.switchboard.media.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link EslSimulator} (a test and demo tool that speaks FreeSWITCH's Event Socket).
 *
 * @param host listen address (127.0.0.1 for tests)
 * @param port listen port; 0 picks a free one (read it back with {@link EslSimulator#port()})
 * @param password the ESL password clients must send with {@code auth}
 * @param defaultPlayback how long a file plays when its length is unknown (WAV files that exist
 *     play for their real length; {@code local_stream://} plays until broken)
 * @param defaultEndpoint how dial strings without a script behave
 * @param sessionQueueCapacity messages buffered per client; a client that falls this far behind
 *     is disconnected, as FreeSWITCH does with a slow listener
 * @param switchName FreeSWITCH-Hostname / FreeSWITCH-Switchname of the simulated node
 * @param clock the source of event timestamps
 */
public record SimulatorSettings(String host, int port, String password, Duration defaultPlayback,
    EndpointScript defaultEndpoint, int sessionQueueCapacity, String switchName, Clock clock) {

  public SimulatorSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(defaultPlayback, "defaultPlayback");
    Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
    Objects.requireNonNull(clock, "clock");
    if (sessionQueueCapacity < 16) {
      throw new IllegalArgumentException("sessionQueueCapacity must be >= 16");
    }
  }

  /** 127.0.0.1, the given port and password, 1 s playback, endpoints answer at once. */
  public static SimulatorSettings of(int port, String password) {
    return new SimulatorSettings("127.0.0.1", port, password, Duration.ofSeconds(1),
        EndpointScript.answer(), 20_000, "sim", Clock.systemUTC());
  }

  public SimulatorSettings withDefaultPlayback(Duration d) {
    return new SimulatorSettings(host, port, password, d, defaultEndpoint, sessionQueueCapacity,
        switchName, clock);
  }

  public SimulatorSettings withDefaultEndpoint(EndpointScript e) {
    return new SimulatorSettings(host, port, password, defaultPlayback, e, sessionQueueCapacity,
        switchName, clock);
  }

  public SimulatorSettings withHost(String h) {
    return new SimulatorSettings(h, port, password, defaultPlayback, defaultEndpoint,
        sessionQueueCapacity, switchName, clock);
  }

  public SimulatorSettings withSessionQueueCapacity(int n) {
    return new SimulatorSettings(host, port, password, defaultPlayback, defaultEndpoint, n,
        switchName, clock);
  }

  public SimulatorSettings withSwitchName(String name) {
    return new SimulatorSettings(host, port, password, defaultPlayback, defaultEndpoint,
        sessionQueueCapacity, name, clock);
  }
}
