package io.switchboard.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.call.CallEntity;
import io.switchboard.engine.call.CallHistory;
import io.switchboard.engine.call.CallInput;
import io.switchboard.engine.call.CallState;
import io.switchboard.engine.call.CallTargets;
import io.switchboard.engine.directory.Ids;
import io.switchboard.flows.TransferTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;

/**
 * The calls API:
 *
 * <ul>
 *   <li>{@code GET /calls/{id}}: the call's state and its journaled history;
 *   <li>{@code POST /calls} {@code {"from": USER, "to": DIGITS}}: place a call for a user (their
 *       phones ring first); 201 with the new call's id and state;
 *   <li>{@code POST /calls/{id}/transfer} {@code {"target": "queue:sales"}} (see
 *       {@link CallTargets#FORMS}): blind transfer;
 *   <li>{@code POST /calls/{id}/hold}, {@code /unhold}, {@code /mute}, {@code /unmute}, with an
 *       optional {@code {"party": "caller"|"callee"}}; {@code POST /calls/{id}/hangup}.
 * </ul>
 *
 * Errors are {@code application/problem+json} (RFC 9457) naming the problem: 400 for a malformed
 * request, 404 for an unknown call, 409 when the call cannot do it now, 422 when a placed call
 * cannot be made, 503 without a media node, 504 when the call entity does not answer in time.
 *
 * <p>Created by the engine's call wiring; the routes are thread-safe and never block (entity
 * asks and journal reads are futures).
 */
public final class CallRoutes extends AllDirectives {

  private final ClusterSharding sharding;
  private final CallHistory history;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration askTimeout;
  private final Supplier<List<String>> nodes;
  private final String defaultNode;
  private final Supplier<String> newCallId;

  /**
   * @param json the engine's Jackson mapper (Pekko's, with the Java time modules)
   * @param nodes the configured media nodes (none: calls cannot be placed)
   * @param defaultNode the node of placed calls that name none, when configured; else the first
   * @param newCallId the id of a new placed call (a random uuid in the engine)
   */
  public CallRoutes(ClusterSharding sharding, CallHistory history, ObjectMapper json, Clock clock, Duration askTimeout,
      Supplier<List<String>> nodes, String defaultNode, Supplier<String> newCallId) {
    this.sharding = sharding;
    this.history = history;
    this.json = json;
    this.clock = clock;
    this.askTimeout = askTimeout;
    this.nodes = nodes;
    this.defaultNode = defaultNode;
    this.newCallId = newCallId;
  }

  /** The routes under {@code /calls}. */
  public Route route() {
    return pathPrefix("calls", () -> concat(
        pathEnd(() -> post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(place(body))))),
        path(PathMatchers.segment(), id -> get(() -> completeWithFuture(show(id)))),
        path(PathMatchers.segment().slash("transfer"), id -> post(() ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(transfer(id, body))))),
        path(PathMatchers.segment().slash(PathMatchers.segment()), (id, verb) -> post(() ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(control(id, verb, body)))))));
  }

  private CompletionStage<HttpResponse> show(String callId) {
    if (!Ids.isValid(callId)) {
      return done(problem(StatusCodes.NOT_FOUND, "Unknown call", "there is no call " + printable(callId)));
    }
    CompletionStage<CallState> state = sharding.entityRefFor(CallEntity.ENTITY_KEY, callId)
        .ask(CallEntity.GetState::new, askTimeout);
    return state.thenCompose(s -> {
      if (s.status() == CallState.Status.NEW) {
        return done(problem(StatusCodes.NOT_FOUND, "Unknown call", "there is no call " + callId));
      }
      return history.events(callId).thenApply(events -> {
        ObjectNode body = json.createObjectNode();
        body.put("callId", callId);
        body.set("state", json.valueToTree(s));
        body.set("history", json.valueToTree(events));
        return ok(StatusCodes.OK, body);
      });
    }).exceptionally(this::unavailable);
  }

  private CompletionStage<HttpResponse> place(String body) {
    JsonNode request;
    try {
      request = object(body);
    } catch (BadRequest e) {
      return done(e.response);
    }
    String from = text(request, "from");
    String to = text(request, "to");
    if (from == null || to == null) {
      return done(problem(StatusCodes.BAD_REQUEST, "Invalid request",
          "give \"from\" (the user who calls) and \"to\" (the digits to call), e.g. {\"from\": \"alice\", \"to\": \"202\"}"));
    }
    if (!Ids.isValid(from)) {
      return done(problem(StatusCodes.BAD_REQUEST, "Invalid request", Ids.problem("user", from)));
    }
    List<String> configured = nodes.get();
    if (configured.isEmpty()) {
      return done(problem(StatusCodes.SERVICE_UNAVAILABLE, "No media",
          "no media node is configured (switchboard.media.nodes); calls cannot be placed"));
    }
    String node = text(request, "node");
    if (node != null && !configured.contains(node)) {
      return done(problem(StatusCodes.BAD_REQUEST, "Unknown node",
          "media node \"" + printable(node) + "\" is not configured; use one of " + configured));
    }
    if (node == null) {
      node = configured.contains(defaultNode) ? defaultNode : configured.get(0);
    }
    String callId = newCallId.get();
    CallInput place = new CallInput.PlaceCall(node, from, to, clock.instant());
    return ask(callId, place).thenApply(reply -> {
      if (reply.isError()) {
        return problem(StatusCodes.UNPROCESSABLE_CONTENT, "Call not placed", reply.getError().getMessage());
      }
      ObjectNode out = json.createObjectNode();
      out.put("callId", callId);
      out.set("state", json.valueToTree(reply.getValue()));
      return ok(StatusCodes.CREATED, out).addHeader(Location.create("/calls/" + callId));
    }).exceptionally(this::unavailable);
  }

  private CompletionStage<HttpResponse> transfer(String callId, String body) {
    JsonNode request;
    try {
      request = object(body);
    } catch (BadRequest e) {
      return done(e.response);
    }
    String target = text(request, "target");
    TransferTarget parsed;
    try {
      parsed = CallTargets.parse(target);
    } catch (IllegalArgumentException e) {
      return done(problem(StatusCodes.BAD_REQUEST, "Invalid target", e.getMessage()));
    }
    return command(callId, new CallInput.Transfer(parsed, clock.instant()));
  }

  private CompletionStage<HttpResponse> control(String callId, String verb, String body) {
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? json.createObjectNode() : object(body);
    } catch (BadRequest e) {
      return done(e.response);
    }
    CallInput.Party party = null;
    String partyText = text(request, "party");
    if (partyText != null) {
      try {
        party = CallInput.Party.valueOf(partyText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return done(problem(StatusCodes.BAD_REQUEST, "Invalid party",
            "party \"" + printable(partyText) + "\" is unknown; use caller or callee"));
      }
    }
    CallInput input = switch (verb) {
      case "hold" -> new CallInput.Hold(party, true, clock.instant());
      case "unhold" -> new CallInput.Hold(party, false, clock.instant());
      case "mute" -> new CallInput.Mute(party, true, clock.instant());
      case "unmute" -> new CallInput.Mute(party, false, clock.instant());
      case "hangup" -> new CallInput.HangUp(clock.instant());
      default -> null;
    };
    if (input == null) {
      return done(problem(StatusCodes.NOT_FOUND, "Unknown action",
          "calls have no action \"" + printable(verb) + "\"; use transfer, hold, unhold, mute, unmute or hangup"));
    }
    return command(callId, input);
  }

  private CompletionStage<HttpResponse> command(String callId, CallInput input) {
    if (!Ids.isValid(callId)) {
      return done(problem(StatusCodes.NOT_FOUND, "Unknown call", "there is no call " + printable(callId)));
    }
    return ask(callId, input).thenApply(reply -> {
      if (reply.isError()) {
        String reason = reply.getError().getMessage();
        return reason.endsWith(" does not exist") && reason.startsWith("call ")
            ? problem(StatusCodes.NOT_FOUND, "Unknown call", reason)
            : problem(StatusCodes.CONFLICT, "Not possible now", reason);
      }
      ObjectNode out = json.createObjectNode();
      out.put("callId", callId);
      out.set("state", json.valueToTree(reply.getValue()));
      return ok(StatusCodes.OK, out);
    }).exceptionally(this::unavailable);
  }

  private CompletionStage<StatusReply<CallState>> ask(String callId, CallInput input) {
    return sharding.entityRefFor(CallEntity.ENTITY_KEY, callId)
        .ask(replyTo -> new CallEntity.Request(input, replyTo), askTimeout);
  }

  private HttpResponse unavailable(Throwable failure) {
    return problem(StatusCodes.GATEWAY_TIMEOUT, "Call did not answer",
        "the call entity did not answer within " + askTimeout.toMillis() + " ms: " + failure.getMessage());
  }

  private JsonNode object(String body) throws BadRequest {
    try {
      JsonNode node = json.readTree(body == null ? "" : body);
      if (node == null || !node.isObject()) {
        throw new BadRequest(problem(StatusCodes.BAD_REQUEST, "Invalid request", "the body must be a JSON object"));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequest(problem(StatusCodes.BAD_REQUEST, "Invalid request",
          "the body is not JSON: " + e.getOriginalMessage()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || !value.isTextual() ? null : value.asText();
  }

  private HttpResponse ok(StatusCode status, ObjectNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }

  private HttpResponse problem(StatusCode status, String title, String detail) {
    ObjectNode problem = json.createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status.intValue());
    problem.put("detail", detail);
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(HealthRoutes.PROBLEM_JSON, problem.toString()));
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    text.codePoints().limit(64).forEach(c -> sb.append(Character.isISOControl(c) ? '?' : (char) c));
    return sb.toString();
  }

  /** A request that cannot be read; carries its response. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponse response;

    BadRequest(HttpResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
