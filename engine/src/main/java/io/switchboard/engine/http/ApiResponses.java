package io.switchboard.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * How the HTTP API answers: values as JSON (ISO-8601 instants and durations, as in the journal),
 * errors as {@code application/problem+json} (RFC 9457) with a {@code detail} that names the
 * problem and the fix.
 *
 * <p>Created once per engine by the organisation's wiring with the ActorSystem's Jackson settings;
 * thread-safe (the mapper is).
 */
public final class ApiResponses {

  private final ObjectMapper mapper;

  ApiResponses(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Responses rendered with the ActorSystem's Jackson configuration (binding {@code switchboard-http}). */
  public static ApiResponses of(ActorSystem<?> system) {
    return new ApiResponses(JacksonObjectMapperProvider.get(system.classicSystem()).getOrCreate("switchboard-http", Optional.empty()));
  }

  /** The mapper, for reading request bodies. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** 200 with {@code body} as JSON. */
  public HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  /** {@code status} with {@code body} as JSON. */
  public HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, mapper.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      return problem(StatusCodes.INTERNAL_SERVER_ERROR, "Response not renderable", e.getOriginalMessage());
    }
  }

  /** A problem response. */
  public HttpResponse problem(StatusCode status, String title, String detail) {
    return problem(status, title, detail, List.of());
  }

  /** A problem response listing {@code errors} (for example every error of a directory file). */
  public HttpResponse problem(StatusCode status, String title, String detail, List<String> errors) {
    ObjectNode problem = mapper.createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status.intValue());
    problem.put("detail", detail);
    if (!errors.isEmpty()) {
      problem.set("errors", mapper.valueToTree(errors));
    }
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(HealthRoutes.PROBLEM_JSON, problem.toString()));
  }

  /**
   * Pekko HTTP's answers to requests no route takes (unknown path, wrong method, malformed
   * parameter), as problems: the same status, the same text as {@code detail}.
   */
  public RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict && !HealthRoutes.PROBLEM_JSON.equals(strict.getContentType())) {
        String detail = strict.getData().utf8String();
        return problem(response.status(), response.status().reason(), detail).withHeaders(response.getHeaders());
      }
      return response;
    });
  }

  /**
   * The response for a failed ask: 422 with the entity's reason when it refused the command ({@link
   * StatusReply} error), 503 when it did not answer in time, 500 otherwise.
   */
  public HttpResponse failure(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof StatusReply.ErrorMessage refused) {
      return problem(StatusCodes.UNPROCESSABLE_CONTENT, "Refused", refused.getMessage());
    }
    if (cause instanceof TimeoutException) {
      return problem(StatusCodes.SERVICE_UNAVAILABLE, "No answer in time",
          "the entity did not answer in time (" + cause.getMessage() + "); retry in a moment");
    }
    return problem(StatusCodes.INTERNAL_SERVER_ERROR, "Internal error", cause.toString());
  }
}
