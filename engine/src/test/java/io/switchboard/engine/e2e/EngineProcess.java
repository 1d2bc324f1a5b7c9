package io.switchboard.engine.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine as the product runs it, in a JVM of its own: {@code java -jar switchboard.jar run}
 * with its settings in environment variables, its console (stdout and stderr) in a file. The
 * point is to be able to kill it for real ({@link #kill()}: SIGKILL, no shutdown hook, no
 * CoordinatedShutdown, no sharding hand-off). Every failure message names the log file.
 *
 * <p>Created by a test through {@link #start}; used from the test thread. The test must
 * {@link #kill()} it in a {@code finally} (killing a dead process is harmless).
 */
final class EngineProcess {

  /** The system property Failsafe sets to the shaded jar built in the package phase. */
  static final String JAR_PROPERTY = "switchboard.test.engine-jar";

  /** The console line {@code run} prints once the engine listens: "  HTTP       http://host:port  (...". */
  private static final Pattern HTTP_LINE = Pattern.compile("(?m)^\\s*HTTP\\s+http://([^\\s:]+):(\\d+)\\s");

  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile URI base;

  private EngineProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java -Xmx256m ... -jar <jar> run} with {@code environment} added to this JVM's, its
   * console to {@code log}.
   */
  static EngineProcess start(Map<String, String> environment, Path log) {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new AssertionError("no engine jar at system property " + JAR_PROPERTY + " = " + jar
          + ": run the test through Failsafe (mvn -pl engine -am verify), which builds it in the package phase");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Files.createDirectories(log.getParent());
      // A short-lived engine beside the test JVM on two cores: C1 only and the serial collector
      // start it faster and leave the test's threads their CPU; the engine's behaviour is the same.
      ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC", "-jar", jar, "run"))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      return new EngineProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the engine process (log " + log + ")", e);
    }
  }

  /** Waits until the engine prints where it listens and {@code /ready} answers 200. */
  void awaitReady(Duration within) {
    base = await("the engine process prints its HTTP address", within, () -> {
      Matcher m = HTTP_LINE.matcher(output());
      return m.find() ? URI.create("http://" + m.group(1) + ":" + m.group(2)) : null;
    });
    await("the engine process is ready (GET /ready 200 with media ok)", within, () -> {
      HttpResponse<String> ready = get("/ready");
      return ready.statusCode() == 200 && ready.body().contains("\"media\":\"ok\"") ? Boolean.TRUE : null;
    });
  }

  /** {@code GET path} on the engine's HTTP API. */
  HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " on the engine process (log " + log + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Kills the process with SIGKILL ({@link Process#destroyForcibly()}) and waits for its end. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the engine process " + process.pid() + " did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit value; only after {@link #kill()}. */
  int exitValue() {
    return process.exitValue();
  }

  Path log() {
    return log;
  }

  private String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code value} until it is not null (failures to read count as not yet); fails after
   * {@code within}, or at once when the process has died.
   */
  <T> T await(String what, Duration within, Supplier<T> value) {
    long deadline = System.nanoTime() + within.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T found = value.get();
        if (found != null) {
          return found;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the engine process exited (" + process.exitValue() + ") before: " + what
            + "; see its log " + log, last);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + within.toSeconds() + " s: " + what + "; see the engine's log " + log,
            last);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
