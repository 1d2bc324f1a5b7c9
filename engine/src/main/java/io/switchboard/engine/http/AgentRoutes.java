package io.switchboard.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentEntity;
import io.switchboard.agents.Presence;
import io.switchboard.engine.directory.DirectoryView;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;

/**
 * Agents over HTTP: {@code GET /agents/{id}} (presence, work, queues, reservation, calls),
 * {@code PUT /agents/{id}/presence} with {@code {"presence": "away", "reason": "lunch"}}, and
 * {@code POST /agents/{id}/queues/{queueId}/opt-in} or {@code /opt-out}.
 *
 * <p>Agents are the directory's users. Created by the organisation's wiring; routes are
 * thread-safe and never block (every answer is a future of an entity's reply).
 */
public final class AgentRoutes extends AllDirectives {

  /**
   * An agent as the API shows it.
   *
   * @param presence the presence the agent set
   * @param effectivePresence what others see: busy on a call, wrap-up after one, else the presence
   */
  public record AgentView(
      String id,
      Presence presence,
      String reason,
      Instant presenceSince,
      Presence effectivePresence,
      boolean signedIn,
      boolean onCall,
      Map<String, Boolean> queues,
      Map<String, Integer> skills,
      Agent.Reservation reservation,
      List<Agent.ActiveCall> calls,
      Instant wrapUpUntil,
      Instant idleSince,
      int missedOffers) {

    static AgentView of(Agent.State s) {
      return new AgentView(s.agentId(), s.presence(), s.reason(), s.presenceSince(), s.effectivePresence(), s.signedIn(),
          s.onCall(), s.queues(), s.skills(), s.reservation(),
          s.calls().values().stream().sorted(Comparator.comparing(Agent.ActiveCall::since)).toList(),
          s.wrapUpUntil(), s.idleSince(), s.missedOffers());
    }
  }

  private final ClusterSharding sharding;
  private final DirectoryView directory;
  private final Clock clock;
  private final Duration askTimeout;
  private final ApiResponses api;

  public AgentRoutes(ClusterSharding sharding, DirectoryView directory, Clock clock, Duration askTimeout, ApiResponses api) {
    this.sharding = sharding;
    this.directory = directory;
    this.clock = clock;
    this.askTimeout = askTimeout;
    this.api = api;
  }

  /** The routes. */
  public Route route() {
    return pathPrefix("agents", () -> pathPrefix(PathMatchers.segment(), agentId -> concat(
        pathEnd(() -> get(() -> completeWithFuture(view(agentId)))),
        path("presence", () -> put(() -> entity(Unmarshaller.entityToString(),
            body -> completeWithFuture(setPresence(agentId, body))))),
        path(PathMatchers.segment("queues").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
            (queueId, action) -> post(() -> completeWithFuture(opt(agentId, queueId, action)))))));
  }

  private EntityRef<AgentEntity.Command> agent(String agentId) {
    return sharding.entityRefFor(AgentEntity.ENTITY_KEY, agentId);
  }

  private CompletionStage<HttpResponse> view(String agentId) {
    return agent(agentId).<Agent.State>ask(AgentEntity.GetState::new, askTimeout)
        .thenApply(state -> unknown(agentId, state) ? notFound(agentId) : api.ok(AgentView.of(state)))
        .exceptionally(api::failure);
  }

  private boolean unknown(String agentId, Agent.State state) {
    return state.revision() == 0 && directory.user(agentId).isEmpty();
  }

  private HttpResponse notFound(String agentId) {
    return api.problem(StatusCodes.NOT_FOUND, "No such agent",
        "agent " + agentId + " is not a user of the directory; agents are the users listed under users");
  }

  private CompletionStage<HttpResponse> setPresence(String agentId, String body) {
    if (directory.user(agentId).isEmpty()) {
      return done(notFound(agentId));
    }
    JsonNode json;
    try {
      json = api.mapper().readTree(body);
    } catch (IOException e) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Malformed body",
          "the body is not JSON (" + e.getMessage().lines().findFirst().orElse("") + "); send {\"presence\": \"available\", \"reason\": \"...\"}"));
    }
    if (json == null || !json.isObject() || !json.path("presence").isTextual()) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Missing presence",
          "give the presence as a string: {\"presence\": \"away\", \"reason\": \"lunch\"}; presences: " + presences()));
    }
    Presence presence = parsePresence(json.get("presence").asText());
    if (presence == null) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Unknown presence",
          "presence \"" + json.get("presence").asText() + "\" is unknown; use one of " + presences()));
    }
    JsonNode reason = json.path("reason");
    if (!reason.isMissingNode() && !reason.isNull() && !reason.isTextual()) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Bad reason", "reason must be a string"));
    }
    Agent.SetPresence command = new Agent.SetPresence(presence, reason.isTextual() ? reason.asText() : "", clock.instant());
    return submit(agentId, command);
  }

  private CompletionStage<HttpResponse> opt(String agentId, String queueId, String action) {
    Agent.Command command = switch (action) {
      case "opt-in" -> new Agent.OptIn(queueId, clock.instant());
      case "opt-out" -> new Agent.OptOut(queueId, clock.instant());
      default -> null;
    };
    if (command == null) {
      return done(api.problem(StatusCodes.NOT_FOUND, "No such action",
          "\"" + action + "\" is not an action on a queue membership; use opt-in or opt-out"));
    }
    if (directory.user(agentId).isEmpty()) {
      return done(notFound(agentId));
    }
    return submit(agentId, command);
  }

  private CompletionStage<HttpResponse> submit(String agentId, Agent.Command command) {
    return agent(agentId).<StatusReply<Agent.State>>ask(replyTo -> new AgentEntity.Submit(command, replyTo), askTimeout)
        .thenApply(reply -> reply.isSuccess()
            ? api.ok(AgentView.of(reply.getValue()))
            : api.problem(StatusCodes.UNPROCESSABLE_CONTENT, "Refused", reply.getError().getMessage()))
        .exceptionally(api::failure);
  }

  /** A presence from its name: {@code away}, {@code AWAY}, {@code do-not-disturb}, {@code do_not_disturb}. */
  static Presence parsePresence(String name) {
    String normalised = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(Presence.values()).filter(p -> p.name().equals(normalised)).findFirst().orElse(null);
  }

  private static String presences() {
    return Arrays.stream(Presence.values())
        .map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", "));
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return java.util.concurrent.CompletableFuture.completedFuture(response);
  }
}
