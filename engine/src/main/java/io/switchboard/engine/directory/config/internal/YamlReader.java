package io.switchboard.engine.directory.config.internal;

import io.switchboard.engine.directory.config.ConfigError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
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

/**
 * Reads a YAML document as a tree of nodes with their positions and collects every error it meets
 * as a {@link ConfigError}, instead of stopping at the first. Scalars are read as the text written
 * in the file (so {@code +15551000100} and {@code 0100} keep their form, whatever YAML's type
 * resolution would make of them).
 *
 * <p>One instance per file being loaded; not thread-safe.
 */
public final class YamlReader {

  private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  private static final int MAX_DOCUMENT_CODE_POINTS = 4 * 1024 * 1024;

  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  public YamlReader(String file) {
    this.file = file;
  }

  /** Every error so far, in file order. */
  public List<ConfigError> errors() {
    List<ConfigError> sorted = new ArrayList<>(errors);
    sorted.sort(ConfigError.IN_FILE_ORDER);
    return sorted;
  }

  /** Records an error at {@code node}; {@code path} (may be empty) prefixes the message. */
  public void error(Node node, String path, String message) {
    Mark mark = node == null ? null : node.getStartMark().orElse(null);
    errorAt(mark, path, message);
  }

  private void errorAt(Mark mark, String path, String message) {
    int line = mark == null ? 1 : mark.getLine() + 1;
    int column = mark == null ? 1 : mark.getColumn() + 1;
    errors.add(new ConfigError(file, line, column, path == null || path.isEmpty() ? message : path + ": " + message));
  }

  /** Parses the text; a syntax error is recorded with its position and gives empty. */
  public Optional<Node> compose(String text) {
    LoadSettings settings =
        LoadSettings.builder().setLabel(file).setCodePointLimit(MAX_DOCUMENT_CODE_POINTS).setMaxAliasesForCollections(50).build();
    try {
      Optional<Node> root = new Compose(settings).composeString(text);
      if (root.isEmpty()) {
        errorAt(null, "", "the file is empty; start with the top-level keys numbers, users, queues, mailboxes, gateways, flows");
      }
      return root;
    } catch (MarkedYamlEngineException e) {
      errorAt(e.getProblemMark().orElse(e.getContextMark().orElse(null)), "", "YAML syntax error: " + e.getProblem()
          + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
      return Optional.empty();
    } catch (YamlEngineException e) {
      errorAt(null, "", "YAML error: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A mapping with the given allowed keys, or {@code null} (error recorded) when {@code node} is
   * not a mapping. Unknown keys and keys written twice are reported here.
   */
  public Obj object(Node node, String path, Set<String> allowedKeys) {
    if (!(node instanceof MappingNode mapping)) {
      error(node, path, "expected a mapping of keys (" + String.join(", ", new TreeSet<>(allowedKeys)) + "), found " + describe(node));
      return null;
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        error(keyNode, path, "keys must be plain words, found " + describe(keyNode));
        continue;
      }
      String key = scalarKey.getValue();
      if (entries.containsKey(key)) {
        error(keyNode, join(path, key), "key " + key + " appears twice in this mapping; keep one");
        continue;
      }
      if (!allowedKeys.contains(key)) {
        error(keyNode, path, "unknown key " + key + "; " + suggestion(key, allowedKeys));
        continue;
      }
      entries.put(key, tuple);
    }
    return new Obj(mapping, path, entries);
  }

  /** The items of a sequence, or empty (error recorded) when {@code node} is not a sequence. */
  public List<Node> sequence(Node node, String path) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    error(node, path, "expected a list (items starting with '- '), found " + describe(node));
    return List.of();
  }

  /** The text of a scalar, or {@code null} (error recorded) when it is not one or is empty. */
  public String text(Node node, String path) {
    if (node instanceof ScalarNode scalar && !isNull(scalar)) {
      return scalar.getValue();
    }
    error(node, path, node instanceof ScalarNode ? "a value is missing" : "expected a single value, found " + describe(node));
    return null;
  }

  /** Whether a node is an explicit or implicit YAML null ({@code ~}, {@code null}, nothing). */
  public static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  /** An integer within bounds, or {@code null} (error recorded). */
  public Integer integer(Node node, String path, int min, int max) {
    String text = text(node, path);
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        error(node, path, text + " is out of range; use " + min + " to " + max);
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      error(node, path, "\"" + text + "\" is not a whole number; write e.g. " + Math.max(min, Math.min(max, 3)));
      return null;
    }
  }

  /** A boolean ({@code true} or {@code false}), or {@code null} (error recorded). */
  public Boolean bool(Node node, String path) {
    String text = text(node, path);
    if (text == null) {
      return null;
    }
    return switch (text) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        error(node, path, "\"" + text + "\" is not a boolean; write true or false");
        yield null;
      }
    };
  }

  /**
   * A duration such as {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 1h} or a whole number of
   * seconds, or {@code null} (error recorded).
   */
  public Duration duration(Node node, String path) {
    String text = text(node, path);
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("\\d{1,6}")) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    Matcher m = DURATION.matcher(t);
    if (!t.isEmpty() && m.matches() && t.length() <= 12) {
      long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
      long minutes = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
      long seconds = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
      return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    }
    error(node, path, "\"" + text + "\" is not a duration; write e.g. 30s, 2m, 1m30s or 1h");
    return null;
  }

  /** {@code path.key}, or {@code key} at the top level. */
  public static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }

  /** Index into a list path: {@code users[2]} (0-based, as YAML tooling shows it). */
  public static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  private static String describe(Node node) {
    if (node == null) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(node)) {
      return "an empty value";
    }
    return "\"" + ((ScalarNode) node).getValue() + "\"";
  }

  private static String suggestion(String key, Set<String> allowed) {
    String best =
        allowed.stream()
            .min(Comparator.comparingInt((String a) -> distance(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT))).thenComparing(a -> a))
            .orElse(null);
    if (best != null && distance(key.toLowerCase(Locale.ROOT), best.toLowerCase(Locale.ROOT)) <= Math.max(2, key.length() / 3)) {
      return "did you mean " + best + "?";
    }
    return "allowed keys here: " + String.join(", ", new TreeSet<>(allowed));
  }

  /** Levenshtein distance, for "did you mean" hints. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }

  /** A mapping whose keys were checked, with typed accessors that record errors. */
  public final class Obj {
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries;

    Obj(MappingNode node, String path, Map<String, NodeTuple> entries) {
      this.node = node;
      this.path = path;
      this.entries = entries;
    }

    /** The mapping node itself (for errors about the whole entry). */
    public Node node() {
      return node;
    }

    /** This mapping's path, e.g. {@code users[2]}. */
    public String path() {
      return path;
    }

    /** The path of one of its keys, e.g. {@code users[2].extension}. */
    public String path(String key) {
      return join(path, key);
    }

    /** Whether the key is present (with any value, even empty). */
    public boolean has(String key) {
      return entries.containsKey(key);
    }

    /** The value node of a key, or {@code null}. */
    public Node value(String key) {
      NodeTuple tuple = entries.get(key);
      return tuple == null ? null : tuple.getValueNode();
    }

    /** The value node of a key, or the mapping itself when absent: where to point an error. */
    public Node at(String key) {
      Node value = value(key);
      return value == null ? node : value;
    }

    /** Text of a key; {@code null} when absent (recording an error if {@code required}). */
    public String text(String key, boolean required) {
      Node value = value(key);
      if (value == null) {
        if (required) {
          YamlReader.this.error(node, path, "missing key " + key);
        }
        return null;
      }
      return YamlReader.this.text(value, path(key));
    }

    public Integer integer(String key, int min, int max) {
      Node value = value(key);
      return value == null ? null : YamlReader.this.integer(value, path(key), min, max);
    }

    public Boolean bool(String key) {
      Node value = value(key);
      return value == null ? null : YamlReader.this.bool(value, path(key));
    }

    public Duration duration(String key) {
      Node value = value(key);
      return value == null ? null : YamlReader.this.duration(value, path(key));
    }

    /** Items of a list key; empty when absent. */
    public List<Node> list(String key) {
      Node value = value(key);
      return value == null || isNull(value) ? List.of() : sequence(value, path(key));
    }

    /** A nested mapping; {@code null} when absent or not a mapping (the latter recorded). */
    public Obj object(String key, Set<String> allowedKeys) {
      Node value = value(key);
      return value == null ? null : YamlReader.this.object(value, path(key), allowedKeys);
    }

    /** Records an error at a key's value (or at the mapping when the key is absent). */
    public void error(String key, String message) {
      YamlReader.this.error(at(key), key == null ? path : path(key), message);
    }
  }
}
