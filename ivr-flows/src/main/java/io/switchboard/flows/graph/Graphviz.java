package io.switchboard.flows.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders DOT to SVG with Graphviz's {@code dot} program, when it is installed. Used by the CLI
 * only; each call starts one short-lived process.
 */
public final class Graphviz {
  private static final long TIMEOUT_SECONDS = 60;

  private Graphviz() {}

  /** {@code dot} on the PATH (what {@code command -v dot} finds), if any. */
  public static Optional<Path> findDot(String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "dot");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code dot -Tsvg} on the text.
   *
   * @throws IOException if dot cannot run, fails, or takes longer than a minute
   */
  public static String svg(Path dot, String dotText) throws IOException {
    Process process = new ProcessBuilder(dot.toString(), "-Tsvg").redirectErrorStream(false).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(dotText.getBytes(StandardCharsets.UTF_8));
    }
    // dot reads all its input before it writes, so reading after writing cannot deadlock
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(dot + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + dot, e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(dot + " failed with exit code " + process.exitValue() + ": "
          + new String(err, StandardCharsets.UTF_8).strip());
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
