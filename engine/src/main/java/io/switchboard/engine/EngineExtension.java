package io.switchboard.engine;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What an embedding adds to an engine node at start: the clock every entity stamps its inputs
 * with, extra HTTP routes, notes shown by {@code GET /ready}, and a wrapper around all routes. The
 * demo mode ({@code io.switchboard.engine.demo.DemoMode}) is one: it serves {@code /sim/...}, notes
 * in {@code /ready} that media is simulated and labels every response; it keeps the real clock.
 * Tests give a clock of their own (to place a call "during business hours").
 *
 * <p>Given to {@link Engine#start} (or {@link Switchboard#start(com.typesafe.config.Config,
 * EngineExtension)}); the engine calls it from its starting thread and, for {@link
 * #readinessNotes()}, from HTTP threads: implementations are thread-safe.
 */
public interface EngineExtension {

  /** No extension: the system clock, no extra routes or notes. */
  EngineExtension NONE = new EngineExtension() {};

  /** The clock of every input the engine stamps (calls, queues, agents, the API). */
  default Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Routes served after the engine's own {@code /health}, {@code /ready} and {@code /calls}, and
   * before the organisation's (which answer whatever no route took).
   */
  default Optional<Route> routes(ActorSystem<?> system) {
    return Optional.empty();
  }

  /** What {@code GET /ready} says beside its checks, name to text (for example what the media node is). */
  default Map<String, String> readinessNotes() {
    return Map.of();
  }

  /** Wraps every route of the engine (for example to add a response header). */
  default Route wrap(Route all) {
    return all;
  }
}
