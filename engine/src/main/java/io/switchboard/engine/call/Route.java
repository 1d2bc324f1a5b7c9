package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.engine.directory.Destination;
import io.switchboard.engine.directory.GatewayAttempt;
import io.switchboard.engine.directory.Target;
import io.switchboard.persistence.CborSerializable;
import java.util.List;
import java.util.Objects;

/**
 * Where dialled digits lead, as the Call entity journals it: the directory's {@link Destination}
 * copied into the call's own values, so that the journal holds no directory types and a replay
 * does not depend on the directory of today. Immutable values.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "to")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Route.ToFlow.class, name = "flow"),
  @JsonSubTypes.Type(value = Route.ToQueue.class, name = "queue"),
  @JsonSubTypes.Type(value = Route.ToUser.class, name = "user"),
  @JsonSubTypes.Type(value = Route.Outside.class, name = "outside"),
  @JsonSubTypes.Type(value = Route.Unroutable.class, name = "unroutable")
})
public sealed interface Route extends CborSerializable {

  /** How the directory reached this route, e.g. {@code extension 201}, for the journal. */
  String reason();

  /** A flow (auto attendant) runs for the caller. */
  record ToFlow(String flowId, String reason) implements Route {}

  /** The caller waits in a queue. */
  record ToQueue(String queueId, String reason) implements Route {}

  /** A user's phones ring. */
  record ToUser(String userId, String reason) implements Route {}

  /**
   * An outside number through gateways, tried in order.
   *
   * @param number the destination in E.164
   */
  record Outside(String number, List<GatewayTry> attempts, String reason) implements Route {
    public Outside {
      Objects.requireNonNull(number, "number");
      attempts = List.copyOf(attempts);
    }
  }

  /** Nowhere; the reason says why and what would fix it. */
  record Unroutable(String reason) implements Route {}

  /**
   * One gateway of an outside route.
   *
   * @param dialString the FreeSWITCH dial string with the destination filled in (may start with
   *     {@code {var=value}} channel variables)
   * @param callerIdName the name presented, or {@code null} for the caller's own
   */
  record GatewayTry(String gatewayId, String dialString, String callerIdNumber, String callerIdName)
      implements CborSerializable {}

  /** The journaled copy of a directory destination. */
  static Route of(Destination destination) {
    if (destination instanceof Destination.Internal internal) {
      Target target = internal.target();
      return switch (target.kind()) {
        case FLOW -> new ToFlow(target.id(), internal.reason());
        case QUEUE -> new ToQueue(target.id(), internal.reason());
        case USER -> new ToUser(target.id(), internal.reason());
      };
    }
    if (destination instanceof Destination.Outside outside) {
      return new Outside(outside.number().value(),
          outside.attempts().stream().map(Route::gatewayTry).toList(),
          "outside number " + outside.number() + " by route " + outside.route());
    }
    return new Unroutable(((Destination.Unroutable) destination).reason());
  }

  private static GatewayTry gatewayTry(GatewayAttempt attempt) {
    return new GatewayTry(attempt.gatewayId(), attempt.dialString(), attempt.callerIdNumber(), attempt.callerIdName());
  }
}
