package io.switchboard.engine.demo;

import io.switchboard.media.sim.EndpointScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the demo's endpoints file: how each simulated phone or trunk behaves when the engine dials
 * it. One {@code DIAL=SCRIPT} per line ({@code user/201=answer:3s}, {@code sofia/gateway/carrier/*=answer:6s});
 * a line starting with {@code #} is a comment. The format of {@code switchboard media-sim
 * --endpoints-file}.
 *
 * <p>Stateless; a file with errors reports every bad line as {@code file:line: message}.
 */
public final class EndpointsFile {

  private EndpointsFile() {}

  /**
   * The scripts of a file, in file order; an empty map when the file does not exist.
   *
   * @throws IllegalArgumentException listing every bad line, or when the file cannot be read
   */
  public static Map<String, EndpointScript> load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the endpoints file " + file + ": " + e + "; check its permissions", e);
    }
    return parse(file.toString(), lines);
  }

  /**
   * The scripts of the lines, in order.
   *
   * @param name the file name used in error messages
   * @throws IllegalArgumentException listing every bad line
   */
  public static Map<String, EndpointScript> parse(String name, List<String> lines) {
    Map<String, EndpointScript> scripts = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = name + ":" + (i + 1) + ": ";
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        errors.add(where + "'" + line + "' is not DIAL=SCRIPT; write e.g. user/201=answer:3s");
        continue;
      }
      String dial = line.substring(0, eq).strip();
      if (dial.chars().anyMatch(Character::isWhitespace)) {
        errors.add(where + "dial string '" + dial + "' has spaces; a dial string is one word such as user/201");
        continue;
      }
      if (scripts.containsKey(dial)) {
        errors.add(where + "dial string " + dial + " is scripted twice; keep one line");
        continue;
      }
      try {
        scripts.put(dial, EndpointScript.parse(line.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        errors.add(where + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("the endpoints file " + name + " has " + errors.size() + " error(s):\n"
          + String.join("\n", errors));
    }
    return Collections.unmodifiableMap(scripts);
  }
}
