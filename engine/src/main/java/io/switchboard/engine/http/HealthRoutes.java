package io.switchboard.engine.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health}: the process is alive (always 200). {@code GET /ready}: 200 when every
 * readiness check passes, otherwise 503 with an {@code application/problem+json} body (RFC 9457)
 * naming each failing check; both show the node's notes (what a demo node simulates) when it has any.
 *
 * <p>Created by {@link io.switchboard.engine.Engine} with its readiness probe; the routes are
 * thread-safe and never block (the probe returns a future).
 */
public final class HealthRoutes extends AllDirectives {

  /** {@code application/problem+json}, the media type of every API error. */
  public static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<CompletionStage<Readiness>> probe;

  /** @param probe runs the readiness checks; called once per {@code GET /ready} */
  public HealthRoutes(Supplier<CompletionStage<Readiness>> probe) {
    this.probe = probe;
  }

  /** The routes. */
  public Route route() {
    return concat(
        path("health", () -> get(() -> complete(json(200, status("alive"))))),
        path("ready", () -> get(() -> onSuccess(probe.get(), readiness -> complete(render(readiness))))));
  }

  /** The response for a readiness result. */
  static HttpResponse render(Readiness readiness) {
    ObjectNode checks = JSON.createObjectNode();
    readiness.checks().forEach((name, problem) -> checks.put(name, problem.orElse("ok")));
    ObjectNode notes = JSON.createObjectNode();
    readiness.notes().forEach(notes::put);
    if (readiness.ready()) {
      ObjectNode body = status("ready");
      body.set("checks", checks);
      if (!notes.isEmpty()) {
        body.set("notes", notes);
      }
      return json(200, body);
    }
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", "Not ready");
    problem.put("status", 503);
    problem.put("detail", readiness.problems());
    problem.set("checks", checks);
    if (!notes.isEmpty()) {
      problem.set("notes", notes);
    }
    return HttpResponse.create()
        .withStatus(StatusCodes.SERVICE_UNAVAILABLE)
        .withEntity(HttpEntities.create(PROBLEM_JSON, problem.toString()));
  }

  private static ObjectNode status(String status) {
    return JSON.createObjectNode().put("status", status);
  }

  private static HttpResponse json(int status, ObjectNode body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }
}
