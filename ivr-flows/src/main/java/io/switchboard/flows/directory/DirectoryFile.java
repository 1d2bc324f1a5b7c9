package io.switchboard.flows.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.internal.compile.Problems;
import io.switchboard.flows.internal.schema.SchemaCheck;
import io.switchboard.flows.internal.schema.Where;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.internal.yaml.YamlDocument;
import io.switchboard.flows.internal.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a directory file: YAML with top-level lists {@code users: [{id, extension, name}]},
 * {@code queues: [{id}]}, {@code mailboxes: [{id}]} and {@code flows: [{id, file}]}. Other fields
 * and top-level keys are ignored, so the engine's configuration file (a superset) can be given as
 * is. Duplicate ids and extensions are errors, located like flow errors. Stateless; thread-safe.
 */
public final class DirectoryFile {

  private static final SchemaCheck SCHEMA = SchemaCheck.load("/io/switchboard/flows/directory.schema.json");

  /** The directory, or the errors that prevented reading it. */
  public record Result(Optional<StaticDirectory> directory, List<FlowError> errors) {}

  private DirectoryFile() {}

  public static Result load(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new Result(Optional.empty(), List.of(new FlowError(name, 1, 1, ErrorClass.UNREADABLE_FILE,
          "cannot read the directory file (" + e.getClass().getSimpleName() + "); check the path")));
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(name, text, base);
  }

  /** Parses directory text; flow files are resolved against {@code base}. */
  public static Result parse(String name, String text, Path base) {
    YamlReader.Result read = new YamlReader().read(name, text);
    if (read.document().isEmpty()) {
      return new Result(Optional.empty(), read.errors());
    }
    YamlDocument doc = read.document().get();
    Problems problems = new Problems(doc);
    problems.addAll(read.errors());
    if (!doc.root().isObject()) {
      problems.atValue("", ErrorClass.WRONG_TYPE, "a directory file must be a YAML mapping with users, queues, "
          + "mailboxes and flows lists");
      return new Result(Optional.empty(), problems.errors());
    }
    problems.addAll(SCHEMA.check(doc, (d, pointer) -> describe(d, pointer)));
    JsonNode root = doc.root();
    List<DirectoryUser> users = new ArrayList<>();
    Map<String, String> extensions = new HashMap<>();
    ids(problems, "users", "user");
    JsonNode us = root.path("users");
    for (int i = 0; i < us.size() && us.isArray(); i++) {
      JsonNode u = us.get(i);
      String id = u.path("id").isTextual() ? u.get("id").asText() : null;
      if (id == null) {
        continue;
      }
      String p = Pointers.child("/users", i);
      String extension = u.has("extension") && u.get("extension").isValueNode()
          ? doc.raw(p + "/extension").orElse("") : "";
      if (!extension.isEmpty() && extension.matches("^[0-9]{1,10}$")) {
        String other = extensions.putIfAbsent(extension, id);
        if (other != null) {
          problems.atValue(p + "/extension", ErrorClass.CONFLICTING_FIELDS, "user '" + id + "': extension "
              + extension + " already belongs to user '" + other + "'; give each user their own extension");
        }
      }
      users.add(new DirectoryUser(id, extension.matches("^[0-9]{1,10}$") ? extension : "",
          u.path("name").isTextual() ? u.get("name").asText() : ""));
    }
    List<String> queues = ids(problems, "queues", "queue");
    List<String> mailboxes = ids(problems, "mailboxes", "mailbox");
    ids(problems, "flows", "flow");
    List<StaticDirectory.FlowEntry> flows = new ArrayList<>();
    JsonNode fs = root.path("flows");
    for (int i = 0; i < fs.size() && fs.isArray(); i++) {
      JsonNode f = fs.get(i);
      if (f.path("id").isTextual()) {
        Path file = f.path("file").isTextual() && base != null ? base.resolve(f.get("file").asText()).normalize() : null;
        flows.add(new StaticDirectory.FlowEntry(f.get("id").asText(), file));
      }
    }
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems.errors().stream().sorted().toList());
    }
    return new Result(Optional.of(new StaticDirectory(users, queues, mailboxes, flows)), List.of());
  }

  /** The ids of one list, reporting duplicates. */
  private static List<String> ids(Problems problems, String list, String kind) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    JsonNode items = problems.doc().root().path(list);
    if (!items.isArray()) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode id = items.get(i).path("id");
      if (!id.isTextual()) {
        continue;
      }
      Integer first = seen.putIfAbsent(id.asText(), i);
      if (first != null) {
        problems.atValue("/" + list + "/" + i + "/id", ErrorClass.CONFLICTING_FIELDS,
            kind + " '" + id.asText() + "' is listed twice (first as " + kind + " " + (first + 1)
                + "); keep one entry per id");
        continue;
      }
      out.add(id.asText());
    }
    return out;
  }

  private static Where describe(YamlDocument doc, String pointer) {
    List<String> s = Pointers.segments(pointer);
    if (s.size() >= 2 && s.get(1).chars().allMatch(Character::isDigit)) {
      String kind = switch (s.get(0)) {
        case "users" -> "user";
        case "queues" -> "queue";
        case "mailboxes" -> "mailbox";
        default -> "flow";
      };
      JsonNode id = doc.root().path(s.get(0)).path(Integer.parseInt(s.get(1))).path("id");
      String context = id.isTextual() ? kind + " '" + id.asText() + "'" : kind + " " + (Integer.parseInt(s.get(1)) + 1);
      return new Where(context, Where.fieldPath(s.subList(2, s.size())));
    }
    return new Where("", Where.fieldPath(s));
  }
}
