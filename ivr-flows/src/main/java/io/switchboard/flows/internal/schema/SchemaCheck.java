package io.switchboard.flows.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.internal.Suggestions;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.internal.yaml.Pos;
import io.switchboard.flows.internal.yaml.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a {@link YamlDocument} against one of the JSON Schemas shipped in this module and turns
 * the validator's findings into {@link FlowError}s that a person can act on: located at the
 * offending key or value, naming the value, and saying what the field accepts (from the schema's
 * own {@code title}, {@code description} and {@code examples}, so that editors and the loader say
 * the same thing).
 *
 * <p>A {@code oneOf} failure is reduced to the alternative the value was evidently meant to be
 * (the one whose JSON type matches), so a list of prompt items with one bad entry reports that
 * entry rather than "must be valid to one and only one schema".
 *
 * <p>Created once per schema; immutable and thread-safe (the networknt schema is).
 */
public final class SchemaCheck {

  private static final String DEFS = "/definitions/";

  private final JsonNode schemaJson;
  private final Schema schema;

  private SchemaCheck(JsonNode schemaJson, Schema schema) {
    this.schemaJson = schemaJson;
    this.schema = schema;
  }

  /** Loads a draft-07 schema from the classpath. */
  public static SchemaCheck load(String resource) {
    try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
      }
      JsonNode json = new ObjectMapper().readTree(in);
      Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(json);
      schema.initializeValidators();
      return new SchemaCheck(json, schema);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }

  /**
   * One schema error and where it was found.
   *
   * @param pointer the JSON pointer of the offending value (the object, for a missing or unknown field)
   * @param property the field concerned, for missing and unknown fields; else null
   */
  public record Finding(FlowError error, String pointer, String property) {}

  /** All schema errors of the document, located and explained. */
  public List<FlowError> check(YamlDocument doc, Describer describer) {
    return findings(doc, describer).stream().map(Finding::error).toList();
  }

  /** All schema errors of the document with their pointers. */
  public List<Finding> findings(YamlDocument doc, Describer describer) {
    List<Issue> issues = new ArrayList<>();
    for (Error e : schema.validate(doc.root())) {
      issues.add(new Issue(e, path(e.getEvaluationPath()), Pointers.of(elements(e.getInstanceLocation()))));
    }
    reduceOneOf(issues);
    Set<String> seen = new HashSet<>();
    List<Finding> out = new ArrayList<>();
    for (Issue issue : issues) {
      if (issue.suppressed) {
        continue;
      }
      FlowError error = format(doc, describer, issue);
      if (seen.add(error.located())) {
        out.add(new Finding(error, issue.instancePointer, issue.error.getProperty()));
      }
    }
    return out;
  }

  // ---- oneOf reduction -------------------------------------------------------------------------

  private void reduceOneOf(List<Issue> issues) {
    List<Issue> oneOfs = new ArrayList<>();
    for (Issue i : issues) {
      if ("oneOf".equals(i.error.getKeyword())) {
        oneOfs.add(i);
      }
    }
    oneOfs.sort(Comparator.comparingInt(i -> i.evalPath.length()));
    for (Issue o : oneOfs) {
      if (o.suppressed) {
        continue;
      }
      JsonNode alternatives = schemaAt(o.error.getSchemaLocation().getFragment());
      List<Issue> subs = new ArrayList<>();
      for (Issue i : issues) {
        if (i != o && !i.suppressed && i.evalPath.startsWith(o.evalPath + "/")) {
          subs.add(i);
        }
      }
      if (requiredUnion(alternatives) != null) {
        subs.forEach(s -> s.suppressed = true);
        continue;
      }
      List<Integer> matching = new ArrayList<>();
      for (int k = 0; k < alternatives.size(); k++) {
        if (typeMatches(alternatives.get(k), o.error.getInstanceNode())) {
          matching.add(k);
        }
      }
      int countValid = o.error.getArguments().length > 0 ? Integer.parseInt(String.valueOf(o.error.getArguments()[0])) : 0;
      if (matching.size() == 1 && countValid == 0) {
        String keep = o.evalPath + "/" + matching.get(0) + "/";
        o.suppressed = true;
        for (Issue s : subs) {
          if (!s.evalPath.startsWith(keep)) {
            s.suppressed = true;
          }
        }
      } else {
        subs.forEach(s -> s.suppressed = true);
      }
    }
  }

  /** The required lists of a oneOf whose alternatives only say "required: [...]", else null. */
  private static List<List<String>> requiredUnion(JsonNode alternatives) {
    if (alternatives == null || !alternatives.isArray()) {
      return null;
    }
    List<List<String>> out = new ArrayList<>();
    for (JsonNode alt : alternatives) {
      if (alt.size() != 1 || !alt.has("required")) {
        return null;
      }
      List<String> names = new ArrayList<>();
      alt.get("required").forEach(n -> names.add(n.asText()));
      out.add(names);
    }
    return out;
  }

  private boolean typeMatches(JsonNode alternative, JsonNode instance) {
    JsonNode alt = resolve(alternative);
    if (alt.has("type")) {
      JsonNode type = alt.get("type");
      if (type.isArray()) {
        for (JsonNode t : type) {
          if (isType(t.asText(), instance)) {
            return true;
          }
        }
        return false;
      }
      return isType(type.asText(), instance);
    }
    if (alt.has("oneOf")) {
      for (JsonNode a : alt.get("oneOf")) {
        if (typeMatches(a, instance)) {
          return true;
        }
      }
      return false;
    }
    if (alt.has("allOf")) {
      for (JsonNode a : alt.get("allOf")) {
        if (!typeMatches(a, instance)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isType(String type, JsonNode instance) {
    return switch (type) {
      case "string" -> instance.isTextual();
      case "integer" -> instance.isIntegralNumber();
      case "number" -> instance.isNumber();
      case "boolean" -> instance.isBoolean();
      case "array" -> instance.isArray();
      case "object" -> instance.isObject();
      case "null" -> instance.isNull();
      default -> false;
    };
  }

  // ---- formatting ------------------------------------------------------------------------------

  private FlowError format(YamlDocument doc, Describer describer, Issue issue) {
    Error e = issue.error;
    String pointer = issue.instancePointer;
    Where where = describer.describe(doc, pointer);
    String keywordPath = fragment(e.getSchemaLocation().getFragment());
    String ownerPath = keywordPath.substring(0, Math.max(0, keywordPath.lastIndexOf('/')));
    JsonNode owner = schemaAt(ownerPath);
    JsonNode value = e.getInstanceNode();
    ErrorClass defClass = classOfDefinition(keywordPath);
    Pos pos = doc.valuePos(pointer);
    String message;
    ErrorClass errorClass;
    switch (e.getKeyword()) {
      case "type" -> {
        errorClass = defClass != null ? defClass : ErrorClass.WRONG_TYPE;
        message = where.prefix() + "must be " + expected(ownerPath, owner) + ", not " + found(value)
            + commentHint(doc, pos, value);
      }
      case "pattern" -> {
        errorClass = defClass != null ? defClass : ErrorClass.INVALID_VALUE;
        message = where.prefix() + found(value) + " is not a valid " + title(ownerPath, owner) + "; use "
            + rule(owner);
      }
      case "enum" -> {
        errorClass = ErrorClass.INVALID_VALUE;
        List<String> options = new ArrayList<>();
        owner.path("enum").forEach(n -> options.add(n.asText()));
        message = where.prefix() + found(value) + " is not one of: " + String.join(", ", options)
            + (value.isTextual() ? Suggestions.didYouMean(value.asText(), options) : "")
            + commentHint(doc, pos, value);
      }
      case "const" -> {
        errorClass = ErrorClass.INVALID_VALUE;
        message = where.prefix() + "must be " + owner.path("const") + ", not " + found(value);
      }
      case "required" -> {
        errorClass = ErrorClass.MISSING_FIELD;
        String property = e.getProperty();
        JsonNode propSchema = owner.path("properties").path(property);
        String description = propSchema.path("description").asText(resolve(propSchema).path("description").asText(""));
        pos = doc.keyPos(pointer);
        message = where.prefix() + (where.field().isEmpty() ? "" : "is ") + "missing field '" + property + "'"
            + (description.isEmpty() ? "" : " (" + description + ")");
      }
      case "additionalProperties" -> {
        errorClass = ErrorClass.UNKNOWN_FIELD;
        String property = e.getProperty();
        List<String> allowed = new ArrayList<>();
        owner.path("properties").fieldNames().forEachRemaining(allowed::add);
        pos = doc.keyPos(Pointers.child(pointer, property));
        String what = owner.path("title").asText("");
        String comma = property.contains(" ") && value.isObject()
            ? " (inside {...} a comma separates fields: quote text that contains a comma)" : "";
        message = where.prefix() + (where.field().isEmpty() ? "" : "has an ") + "unknown field '" + property + "'"
            + comma + Suggestions.hint(property, allowed,
            allowed.isEmpty() ? "remove it" : (what.isEmpty() ? "the fields here are" : "a " + what + " has")
                + ": " + String.join(", ", allowed));
      }
      case "propertyNames" -> {
        String property = e.getProperty();
        JsonNode names = owner.path("propertyNames");
        String namesPath = ownerPath + "/propertyNames";
        ErrorClass nameClass = classOfDefinition(refPath(names, namesPath) + "/");
        errorClass = nameClass != null ? nameClass : ErrorClass.INVALID_VALUE;
        pos = doc.keyPos(Pointers.child(pointer, property));
        JsonNode nameSchema = resolve(names);
        message = where.prefix() + "key '" + property + "' is not a valid " + nameSchema.path("title").asText("key")
            + "; use " + rule(nameSchema);
      }
      case "minimum", "maximum" -> {
        errorClass = ErrorClass.INVALID_VALUE;
        boolean low = e.getKeyword().equals("minimum");
        message = where.prefix() + found(value) + " is too " + (low ? "small" : "large") + "; use " + range(owner);
      }
      case "minItems", "minProperties", "minLength" -> {
        errorClass = defClass != null ? defClass : ErrorClass.INVALID_VALUE;
        message = where.prefix() + "is empty; " + emptyFix(owner);
      }
      case "uniqueItems" -> {
        errorClass = ErrorClass.INVALID_VALUE;
        message = where.prefix() + "lists the same value twice; list each value once";
      }
      case "oneOf" -> {
        List<List<String>> union = requiredUnion(schemaAt(keywordPath));
        if (union != null && value.isObject()) {
          int valid = Integer.parseInt(String.valueOf(e.getArguments()[0]));
          pos = doc.keyPos(pointer);
          if (valid == 0) {
            errorClass = ErrorClass.MISSING_FIELD;
            message = where.prefix() + "needs " + alternatives(union);
          } else {
            errorClass = ErrorClass.CONFLICTING_FIELDS;
            List<String> present = new ArrayList<>();
            for (List<String> names : union) {
              for (String n : names) {
                if (value.has(n) && !present.contains(n)) {
                  present.add(n);
                }
              }
            }
            if (present.size() > 1) {
              pos = doc.keyPos(Pointers.child(pointer, present.get(1)));
            }
            message = where.prefix() + "has " + and(present) + ", which exclude each other; keep only "
                + alternatives(union);
          }
        } else {
          errorClass = defClass != null ? defClass : ErrorClass.WRONG_TYPE;
          message = where.prefix() + "must be " + expected(ownerPath, owner) + ", not " + found(value)
              + commentHint(doc, pos, value);
        }
      }
      default -> {
        errorClass = defClass != null ? defClass : ErrorClass.INVALID_VALUE;
        message = where.prefix() + e.getMessage();
      }
    }
    return new FlowError(doc.file(), pos.line(), pos.column(), errorClass, message);
  }

  /** "a duration (a whole number followed by ms, s or m, for example '5s')" or type words. */
  private String expected(String ownerPath, JsonNode owner) {
    String defName = definitionName(ownerPath);
    boolean isDefinition = defName != null && ownerPath.equals(DEFS + defName);
    if (isDefinition && owner.has("title")) {
      return article(owner.path("title").asText()) + " (" + rule(owner) + ")";
    }
    JsonNode type = owner.path("type");
    String words = type.isArray() ? typeList(type) : typeWord(type.asText(""));
    String description = owner.path("description").asText("");
    return description.isEmpty() ? words : words + " (" + description + ")";
  }

  private static String typeList(JsonNode types) {
    List<String> words = new ArrayList<>();
    types.forEach(t -> words.add(typeWord(t.asText())));
    return or(words);
  }

  private String title(String ownerPath, JsonNode owner) {
    String t = owner.path("title").asText("");
    if (!t.isEmpty()) {
      return t;
    }
    String def = definitionName(ownerPath);
    return def != null ? def : "value";
  }

  /** "<description>, for example 'x'". */
  private static String rule(JsonNode def) {
    String description = def.path("description").asText("");
    JsonNode examples = def.path("examples");
    String example = examples.isArray() && examples.size() > 0 && examples.get(0).isValueNode()
        ? ", for example '" + examples.get(0).asText() + "'" : "";
    return (description.isEmpty() ? "a valid value" : description) + example;
  }

  private static String range(JsonNode owner) {
    JsonNode min = owner.get("minimum");
    JsonNode max = owner.get("maximum");
    if (min != null && max != null) {
      return "a value from " + min.asText() + " to " + max.asText();
    }
    return min != null ? "at least " + min.asText() : "at most " + max.asText();
  }

  private static String emptyFix(JsonNode owner) {
    return owner.has("minLength") ? "write a value or remove the field" : "give at least one entry or remove the field";
  }

  private static String commentHint(YamlDocument doc, Pos pos, JsonNode value) {
    if (value != null && value.isNull() && doc.line(pos.line()).matches(".*:\\s+#.*")) {
      return " (an unquoted # starts a YAML comment: write \"#\")";
    }
    return "";
  }

  private static String alternatives(List<List<String>> union) {
    List<String> parts = new ArrayList<>();
    for (List<String> names : union) {
      parts.add(and(names));
    }
    return "one of: " + String.join(", ", parts.subList(0, parts.size() - 1))
        + (parts.size() > 1 ? " or " : "") + parts.get(parts.size() - 1);
  }

  private static String and(List<String> names) {
    if (names.isEmpty()) {
      return "none of them";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  private static String or(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }

  private static String typeWord(String type) {
    return switch (type) {
      case "string" -> "text";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "array" -> "a list";
      case "object" -> "a mapping";
      case "null" -> "empty";
      default -> "a valid value";
    };
  }

  private static String article(String noun) {
    return ("aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 && !noun.startsWith("E.") ? "an " : "a ") + noun;
  }

  /** Names a value as found in the file. */
  public static String found(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    if (value.isArray()) {
      return "a list";
    }
    return "a mapping";
  }

  // ---- schema navigation -----------------------------------------------------------------------

  private ErrorClass classOfDefinition(String keywordPath) {
    String def = definitionName(keywordPath);
    if (def == null) {
      return null;
    }
    return switch (def) {
      case "duration" -> ErrorClass.INVALID_DURATION;
      case "dtmfKey", "terminator" -> ErrorClass.INVALID_DTMF_KEY;
      case "date", "fullDate" -> ErrorClass.INVALID_DATE;
      case "timeRange", "timeRanges" -> ErrorClass.INVALID_TIME_RANGE;
      case "timeZone" -> ErrorClass.INVALID_TIME_ZONE;
      default -> null;
    };
  }

  /** The definition owning a schema path: "/definitions/duration/pattern" -> "duration". */
  private static String definitionName(String schemaPath) {
    int i = schemaPath.lastIndexOf(DEFS);
    if (i < 0) {
      return null;
    }
    String rest = schemaPath.substring(i + DEFS.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static String refPath(JsonNode node, String fallback) {
    String ref = node.path("$ref").asText("");
    return ref.startsWith("#") ? ref.substring(1) : fallback;
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int guard = 0; guard < 10 && n.has("$ref"); guard++) {
      n = schemaAt(n.get("$ref").asText().substring(1));
    }
    if (n.has("allOf") && n.get("allOf").size() == 1 && n.get("allOf").get(0).has("$ref") && !n.has("type")) {
      // a property written as {description, allOf: [$ref]}: the referenced definition says the type
      JsonNode target = resolve(n.get("allOf").get(0));
      return target;
    }
    return n;
  }

  private JsonNode schemaAt(Object fragment) {
    String path = fragment instanceof NodePath np ? fragment(np) : String.valueOf(fragment);
    return schemaJson.at(path);
  }

  private static String fragment(NodePath path) {
    return Pointers.of(elements(path));
  }

  private static List<Object> elements(NodePath path) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < path.getNameCount(); i++) {
      out.add(path.getElement(i));
    }
    return out;
  }

  private static String path(NodePath path) {
    return Pointers.of(elements(path));
  }

  /** One validator finding, possibly suppressed by the oneOf reduction. */
  private static final class Issue {
    final Error error;
    final String evalPath;
    final String instancePointer;
    boolean suppressed;

    Issue(Error error, String evalPath, String instancePointer) {
      this.error = error;
      this.evalPath = evalPath;
      this.instancePointer = instancePointer;
    }
  }

}
