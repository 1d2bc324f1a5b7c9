package io.switchboard.media.esl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered multimap of ESL header names and values, as they appeared on the wire.
 *
 * <p>FreeSWITCH repeats some headers (CHANNEL_HANGUP_COMPLETE carries {@code Hangup-Cause} twice)
 * and looks header names up case-insensitively ({@code content-length} in a sendmsg is the same
 * header as {@code Content-Length}); both are kept true here. Immutable and thread-safe once
 * built; the lookup index is built lazily and published safely because it is derived state.
 */
public final class EslHeaders {

  private static final EslHeaders EMPTY = new EslHeaders(List.of(), List.of());

  private final List<String> names;
  private final List<String> values;
  private volatile Map<String, String> firstByName;

  private EslHeaders(List<String> names, List<String> values) {
    this.names = names;
    this.values = values;
  }

  public static EslHeaders empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds headers from name/value pairs: {@code of("Content-Type", "command/reply", ...)}. */
  public static EslHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("EslHeaders.of needs name/value pairs, got an odd count");
    }
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public int size() {
    return names.size();
  }

  public String name(int index) {
    return names.get(index);
  }

  public String value(int index) {
    return values.get(index);
  }

  /** The first value of the header (case-insensitive name), or empty. */
  public Optional<String> first(String name) {
    return Optional.ofNullable(get(name));
  }

  /** The first value of the header (case-insensitive name), or {@code null}. */
  public String get(String name) {
    if (names.size() <= 8) {
      return scan(name);
    }
    Map<String, String> index = firstByName;
    if (index == null) {
      index = buildIndex();
      firstByName = index;
    }
    // FreeSWITCH writes canonical names, so an exact hit is the rule; other cases fall back
    String v = index.get(name);
    return v != null || index.containsKey(name) ? v : scan(name);
  }

  private String scan(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return values.get(i);
      }
    }
    return null;
  }

  /** Every value of the header, in wire order. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>(2);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        out.add(values.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  public boolean contains(String name) {
    return get(name) != null;
  }

  /** Headers whose name starts with the given prefix (case-sensitive, as FreeSWITCH writes them). */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).startsWith(prefix)) {
        out.putIfAbsent(names.get(i), values.get(i));
      }
    }
    return out;
  }

  private Map<String, String> buildIndex() {
    Map<String, String> index = new HashMap<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      index.putIfAbsent(names.get(i), values.get(i));
    }
    return index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EslHeaders other && names.equals(other.names) && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return names.hashCode() * 31 + values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names.get(i)).append('=').append(values.get(i));
    }
    return sb.append('}').toString();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    public Builder add(String name, String value) {
      names.add(name);
      values.add(value);
      return this;
    }

    public Builder addAll(EslHeaders headers) {
      for (int i = 0; i < headers.size(); i++) {
        add(headers.name(i), headers.value(i));
      }
      return this;
    }

    public int size() {
      return names.size();
    }

    public EslHeaders build() {
      return new EslHeaders(List.copyOf(names), List.copyOf(values));
    }
  }
}
