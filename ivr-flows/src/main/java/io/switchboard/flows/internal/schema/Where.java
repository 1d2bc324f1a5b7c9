package io.switchboard.flows.internal.schema;

/**
 * How an error message names a location: the context ("menu 'main'") and the field path inside it
 * ("timeout", "rules[2].hours[1]"; empty for the context itself).
 */
public record Where(String context, String field) {

  /** "menu 'main': timeout " or "menu 'main': ". */
  public String prefix() {
    String head = context.isEmpty() ? "" : context + ": ";
    return head + (field.isEmpty() ? "" : field + " ");
  }

  /** Names fields from pointer segments: names joined with '.', list indexes as [n] from 1. */
  public static String fieldPath(java.util.List<String> segments) {
    StringBuilder sb = new StringBuilder();
    for (String s : segments) {
      if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && sb.length() > 0) {
        sb.append('[').append(Integer.parseInt(s) + 1).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(s);
      }
    }
    return sb.toString();
  }
}
