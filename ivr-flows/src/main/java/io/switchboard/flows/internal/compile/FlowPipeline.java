package io.switchboard.flows.internal.compile;

import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.directory.FlowDirectory;
import io.switchboard.flows.internal.schema.SchemaCheck;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.internal.yaml.YamlDocument;
import io.switchboard.flows.internal.yaml.YamlReader;
import io.switchboard.flows.model.Flow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The compilation of one flow file: YAML with positions, the JSON Schema, binding to the model,
 * then the meaning checks. Every stage runs even when an earlier one found errors (except after a
 * YAML syntax error), so that all errors are reported at once; checks that would only repeat an
 * earlier error in other words are skipped. Stateless apart from the shared schema; thread-safe.
 */
public final class FlowPipeline {

  /** The flow schema, loaded once: validating is thread-safe. */
  public static final String SCHEMA_RESOURCE = "/io/switchboard/flows/flow.schema.json";
  private static final SchemaCheck SCHEMA = SchemaCheck.load(SCHEMA_RESOURCE);

  /** The model and version of a flow without errors, or the errors. */
  public record Outcome(Optional<Flow> flow, String version, List<FlowError> errors) {}

  /** Fields that hold the moves between nodes: an error in one makes graph-wide checks unreliable. */
  private static final Set<String> EDGE_FIELDS = Set.of("type", "next", "options", "on-timeout", "on-invalid",
      "on-failure", "on-open", "on-closed", "on-holiday", "otherwise", "branches");

  private FlowPipeline() {}

  /**
   * @param directory references are checked against it; null to skip reference checks
   * @param checkFrom the instant the 365-day schedule check starts at
   */
  public static Outcome compile(String file, String text, FlowDirectory directory, Instant checkFrom) {
    String normalised = normalise(text);
    String version = version(normalised);
    YamlReader.Result read = new YamlReader().read(file, normalised);
    if (read.document().isEmpty()) {
      return new Outcome(Optional.empty(), version, read.errors());
    }
    YamlDocument doc = read.document().get();
    Problems problems = new Problems(doc);
    problems.addAll(read.errors());
    if (!doc.root().isObject()) {
      problems.atValue("", ErrorClass.WRONG_TYPE, "the file must be a YAML mapping with flow, language, start "
          + "and nodes, not " + SchemaCheck.found(doc.root()));
      return new Outcome(Optional.empty(), version, sorted(problems));
    }
    List<SchemaCheck.Finding> schemaFindings = SCHEMA.findings(doc, new FlowDescriber());
    schemaFindings.forEach(f -> problems.addAll(List.of(f.error())));

    // which nodes the schema check complained about, and whether the graph is sound enough to walk
    Set<String> nodesWithSchemaErrors = new HashSet<>();
    boolean structurallySound = true;
    for (SchemaCheck.Finding f : schemaFindings) {
      List<String> segments = Pointers.segments(f.pointer());
      String top = segments.isEmpty() ? String.valueOf(f.property()) : segments.get(0);
      boolean graphField = segments.size() <= 2 || EDGE_FIELDS.contains(segments.get(2));
      if (top.equals("start") || (top.equals("nodes") && graphField)) {
        structurallySound = false;
      }
      if (segments.size() >= 2 && segments.get(0).equals("nodes")) {
        nodesWithSchemaErrors.add(segments.get(1));
      }
    }
    FlowBinder.Bound bound = new FlowBinder(problems).bind(doc.root());
    new FlowValidator(problems, directory, checkFrom)
        .validate(bound.flow(), bound.unreadableNodes(), structurallySound, nodesWithSchemaErrors);
    if (!problems.isEmpty()) {
      return new Outcome(Optional.empty(), version, sorted(problems));
    }
    return new Outcome(Optional.of(bound.flow()), version, List.of());
  }

  private static List<FlowError> sorted(Problems problems) {
    return problems.errors().stream().sorted().toList();
  }

  /** Strips a byte-order mark and turns CRLF and CR into LF, so the version ignores line endings. */
  public static String normalise(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return t.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** "sha256:" and the hex SHA-256 of the normalised text in UTF-8. */
  public static String version(String normalised) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(sha.digest(normalised.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
