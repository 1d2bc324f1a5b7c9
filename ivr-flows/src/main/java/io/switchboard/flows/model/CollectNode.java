package io.switchboard.flows.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects digits into a variable.
 *
 * @param terminator the key that ends entry, or null for none
 * @param pattern what the entry must match, or null
 */
public record CollectNode(
    String id,
    PromptSpec prompt,
    String variable,
    int minLength,
    int maxLength,
    Character terminator,
    Pattern pattern,
    Duration timeout,
    Duration interDigitTimeout,
    int retries,
    PromptSpec invalidPrompt,
    String next,
    String onFailure)
    implements Node {
  @Override
  public String type() {
    return "collect";
  }

  @Override
  public List<Edge> edges() {
    List<Edge> out = new ArrayList<>();
    if (next != null) {
      out.add(new Edge("collected", next, false, pointer() + "/next"));
    }
    if (onFailure != null) {
      out.add(new Edge("on-failure", onFailure, true, pointer() + "/on-failure"));
    }
    return out;
  }
}
