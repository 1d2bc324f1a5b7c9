package io.switchboard.flows.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The example flows shipped on the classpath under {@code flows/}: a main-line attendant, the
 * nested sales attendant, a support line, an after-hours line and a two-language menu, with the
 * directory they refer to. The engine's demo mode loads them from here. Stateless; thread-safe.
 */
public final class ExampleFlows {

  /** The classpath folder of the examples. */
  public static final String FOLDER = "flows/";

  /** The directory file the examples refer to. */
  public static final String DIRECTORY = FOLDER + "directory.yaml";

  /** The example flow files, main line first. */
  public static final List<String> FLOWS = List.of(
      FOLDER + "main-line.flow.yaml",
      FOLDER + "sales-menu.flow.yaml",
      FOLDER + "support-line.flow.yaml",
      FOLDER + "after-hours.flow.yaml",
      FOLDER + "bilingual-menu.flow.yaml");

  private ExampleFlows() {}

  /** A resource's text (UTF-8). */
  public static String read(String resource) {
    try (InputStream in = ExampleFlows.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no example resource " + resource + "; the examples are " + FLOWS);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read example " + resource, e);
    }
  }
}
