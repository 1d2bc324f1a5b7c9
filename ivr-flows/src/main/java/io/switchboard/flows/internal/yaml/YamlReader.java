package io.switchboard.flows.internal.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML text into a {@link YamlDocument} with the position of every key and value.
 *
 * <p>snakeyaml-engine composes the node graph with marks; duplicate keys are detected here (all
 * of them, each at its own position) rather than by the parser, which would stop at the first.
 * Scalars are typed by the YAML 1.2 core schema. Stateless and thread-safe.
 */
public final class YamlReader {

  /** Files larger than this are refused: flows are small and the parser must stay bounded. */
  private static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

  /** "#: x" at the start of a mapping entry is a comment in YAML, so the entry silently vanishes. */
  private static final Pattern COMMENTED_HASH_KEY = Pattern.compile("^\\s*(- )?#:(\\s.*)?$");

  /** The outcome of reading: a document (possibly with non-fatal errors) or only errors. */
  public record Result(Optional<YamlDocument> document, List<FlowError> errors) {}

  public Result read(String file, String text) {
    List<FlowError> errors = new ArrayList<>();
    List<String> lines = List.of(text.split("\r\n|\r|\n", -1));
    commentedHashKeys(file, lines, errors);
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setCodePointLimit(MAX_CODE_POINTS)
            .setMaxAliasesForCollections(50)
            .setAllowRecursiveKeys(false)
            .build();
    Optional<Node> node;
    try {
      node = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Pos pos = e.getProblemMark().map(YamlReader::pos).orElse(Pos.START);
      Pos context = e.getContextMark().map(YamlReader::pos).orElse(null);
      errors.add(new FlowError(file, pos.line(), pos.column(), ErrorClass.YAML_SYNTAX, syntaxMessage(e, context)));
      return new Result(Optional.empty(), errors);
    } catch (YamlEngineException e) {
      errors.add(new FlowError(file, 1, 1, ErrorClass.YAML_SYNTAX, "the file is not valid YAML: " + e.getMessage()));
      return new Result(Optional.empty(), errors);
    }
    if (node.isEmpty()) {
      errors.add(new FlowError(file, 1, 1, ErrorClass.YAML_SYNTAX, "the file is empty; it must hold a YAML mapping"));
      return new Result(Optional.empty(), errors);
    }
    Builder builder = new Builder(file, errors);
    JsonNode root = builder.convert(node.get(), "");
    YamlDocument doc =
        new YamlDocument(
            file,
            lines,
            root,
            Collections.unmodifiableMap(builder.values),
            Collections.unmodifiableMap(builder.keys),
            Collections.unmodifiableMap(builder.raw));
    return new Result(Optional.of(doc), errors);
  }

  private static void commentedHashKeys(String file, List<String> lines, List<FlowError> errors) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (COMMENTED_HASH_KEY.matcher(line).matches()) {
        int column = line.indexOf('#') + 1;
        errors.add(
            new FlowError(
                file,
                i + 1,
                column,
                ErrorClass.YAML_SYNTAX,
                "an unquoted # starts a YAML comment, so this line is ignored; quote the key: \"#\":"));
      }
    }
  }

  private static String syntaxMessage(MarkedYamlEngineException e, Pos opened) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    String context = e.getContext() == null ? "" : e.getContext().strip();
    if (problem.startsWith("found undefined alias")) {
      return "an unquoted * starts a YAML alias; quote the key or value: \"*\"";
    }
    if (problem.contains("TAB")) {
      return "a tab cannot indent YAML; indent with spaces";
    }
    if (opened != null && (ctx(e).contains("flow mapping") || ctx(e).contains("flow sequence"))) {
      boolean mapping = ctx(e).contains("flow mapping");
      return "the " + (mapping ? "{" : "[") + " opened at line " + opened.line() + ", column " + opened.column()
          + " is not closed where it should be; add the missing " + (mapping ? "}" : "]")
          + ", and quote texts that contain a comma or ': '";
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return "': ' inside a text that is not quoted starts a mapping; quote the text";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "this line is neither 'key: value' nor a list item; check its indentation or add the missing ':'";
    }
    if (problem.startsWith("but found another document")) {
      return "a flow file holds one YAML document; remove the second '---' and what follows";
    }
    String message = context.isEmpty() ? problem : problem + " (" + context + ")";
    return "invalid YAML: " + message;
  }

  private static String ctx(MarkedYamlEngineException e) {
    return e.getContext() == null ? "" : e.getContext();
  }

  static Pos pos(Mark mark) {
    return new Pos(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** Converts one composed document, recording positions as it goes. */
  private static final class Builder {
    private final String file;
    private final List<FlowError> errors;
    final Map<String, Pos> values = new HashMap<>();
    final Map<String, Pos> keys = new HashMap<>();
    final Map<String, String> raw = new HashMap<>();
    /** Nodes on the current path: an alias pointing at an ancestor would recurse forever. */
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();

    Builder(String file, List<FlowError> errors) {
      this.file = file;
      this.errors = errors;
    }

    JsonNode convert(Node node, String pointer) {
      node.getStartMark().ifPresent(m -> values.put(pointer, pos(m)));
      if (onPath.containsKey(node)) {
        Pos p = values.getOrDefault(pointer, Pos.START);
        errors.add(
            new FlowError(file, p.line(), p.column(), ErrorClass.YAML_SYNTAX,
                "this alias refers to a mapping or list that contains it; remove the recursion"));
        return JsonNodeFactory.instance.nullNode();
      }
      onPath.put(node, Boolean.TRUE);
      try {
        if (node instanceof ScalarNode scalar) {
          raw.put(pointer, scalar.getValue());
          return scalar(scalar);
        }
        if (node instanceof SequenceNode seq) {
          ArrayNode array = JsonNodeFactory.instance.arrayNode();
          int i = 0;
          for (Node item : seq.getValue()) {
            array.add(convert(item, Pointers.child(pointer, i++)));
          }
          return array;
        }
        MappingNode mapping = (MappingNode) node;
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        Map<String, Pos> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
          Node keyNode = tuple.getKeyNode();
          Pos keyPos = keyNode.getStartMark().map(YamlReader::pos).orElse(Pos.START);
          if (!(keyNode instanceof ScalarNode scalarKey)) {
            errors.add(new FlowError(file, keyPos.line(), keyPos.column(), ErrorClass.WRONG_TYPE,
                "a key must be plain text, not a list or mapping"));
            continue;
          }
          String key = scalarKey.getValue();
          Pos first = seen.putIfAbsent(key, keyPos);
          if (first != null) {
            errors.add(new FlowError(file, keyPos.line(), keyPos.column(), ErrorClass.DUPLICATE_KEY,
                "duplicate key '" + key + "' (first at line " + first.line() + "); keep only one of them"));
            continue;
          }
          String child = Pointers.child(pointer, key);
          keys.put(child, keyPos);
          object.set(key, convert(tuple.getValueNode(), child));
        }
        return object;
      } finally {
        onPath.remove(node);
      }
    }

    private static JsonNode scalar(ScalarNode scalar) {
      String value = scalar.getValue();
      Tag tag = scalar.getTag();
      JsonNodeFactory f = JsonNodeFactory.instance;
      try {
        if (Tag.NULL.equals(tag)) {
          return f.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
          return f.booleanNode(value.equalsIgnoreCase("true"));
        }
        if (Tag.INT.equals(tag)) {
          BigInteger n = parseInteger(value);
          if (n.bitLength() < 32) {
            return f.numberNode(n.intValue());
          }
          return n.bitLength() < 64 ? f.numberNode(n.longValue()) : f.numberNode(n);
        }
        if (Tag.FLOAT.equals(tag)) {
          return f.numberNode(new BigDecimal(value));
        }
      } catch (NumberFormatException e) {
        // .inf, .nan and such: keep them as text, the schema then says what was expected
      }
      return f.textNode(value);
    }

    private static BigInteger parseInteger(String value) {
      String v = value.replace("_", "");
      boolean negative = v.startsWith("-");
      if (v.startsWith("-") || v.startsWith("+")) {
        v = v.substring(1);
      }
      BigInteger n;
      if (v.startsWith("0x")) {
        n = new BigInteger(v.substring(2), 16);
      } else if (v.startsWith("0o")) {
        n = new BigInteger(v.substring(2), 8);
      } else {
        n = new BigInteger(v);
      }
      return negative ? n.negate() : n;
    }
  }
}
