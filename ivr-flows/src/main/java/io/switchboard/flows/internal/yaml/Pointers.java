package io.switchboard.flows.internal.yaml;

/** JSON pointers (RFC 6901) used as addresses of values in a {@link YamlDocument}. */
public final class Pointers {
  private Pointers() {}

  /** The pointer of {@code child} inside the value at {@code parent}. */
  public static String child(String parent, String child) {
    return parent + "/" + child.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer of element {@code index} (0-based) inside the list at {@code parent}. */
  public static String child(String parent, int index) {
    return parent + "/" + index;
  }

  /** The pointer of a path of names and indexes, as given by a schema validator. */
  public static String of(Iterable<?> elements) {
    StringBuilder sb = new StringBuilder();
    for (Object e : elements) {
      sb.append('/').append(e.toString().replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }

  /** The unescaped segments of a pointer. */
  public static java.util.List<String> segments(String pointer) {
    if (pointer.isEmpty()) {
      return java.util.List.of();
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String s : pointer.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  /** The parent pointer, or the root pointer for a root child. */
  public static String parent(String pointer) {
    int i = pointer.lastIndexOf('/');
    return i <= 0 ? "" : pointer.substring(0, i);
  }
}
