package io.switchboard.media.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a simulated endpoint (the far end of an originate or bridge) behaves, chosen by dial
 * string in the {@link EslSimulator}. Test and demo tool: FreeSWITCH itself is not involved.
 */
public sealed interface EndpointScript {

  /** Rings for {@code after}, then answers (after zero: answers at once, no ringing). */
  record Answer(Duration after) implements EndpointScript {
    public Answer {
      Objects.requireNonNull(after, "after");
    }
  }

  /** Rings for {@code after}, then refuses with a Q.850 cause ({@code USER_BUSY}, {@code CALL_REJECTED}). */
  record Reject(String cause, Duration after) implements EndpointScript {
    public Reject {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(after, "after");
    }
  }

  /** Rings until the originate times out ({@code NO_ANSWER}) or the leg is killed. */
  record RingForever() implements EndpointScript {}

  static EndpointScript answer() {
    return new Answer(Duration.ZERO);
  }

  static EndpointScript answerAfter(Duration d) {
    return new Answer(d);
  }

  static EndpointScript busy() {
    return new Reject("USER_BUSY", Duration.ZERO);
  }

  static EndpointScript reject(String cause) {
    return new Reject(cause, Duration.ZERO);
  }

  static EndpointScript ringForever() {
    return new RingForever();
  }

  /**
   * Parses the command-line form: {@code answer}, {@code answer:2s}, {@code busy},
   * {@code reject:CALL_REJECTED}, {@code reject:NO_ANSWER:3s}, {@code ring}.
   */
  static EndpointScript parse(String spec) {
    String[] p = spec.strip().split(":");
    String kind = p[0].toLowerCase(Locale.ROOT);
    try {
      return switch (kind) {
        case "answer" -> new Answer(p.length > 1 ? duration(p[1]) : Duration.ZERO);
        case "busy" -> new Reject("USER_BUSY", p.length > 1 ? duration(p[1]) : Duration.ZERO);
        case "reject" -> new Reject(p[1].toUpperCase(Locale.ROOT),
            p.length > 2 ? duration(p[2]) : Duration.ZERO);
        case "ring" -> new RingForever();
        default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("endpoint script '" + spec + "' is not valid (" + e.getMessage()
          + "); use answer, answer:2s, busy, reject:CAUSE[:2s] or ring", e);
    }
  }

  private static Duration duration(String s) {
    String v = s.strip().toLowerCase(Locale.ROOT);
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
    }
    return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
  }
}
