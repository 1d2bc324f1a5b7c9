package io.switchboard.flows.model;

import java.time.Duration;
import java.util.List;

/** The caller types an extension and is transferred to that user. */
public record DialByExtensionNode(
    String id,
    PromptSpec prompt,
    int minLength,
    int maxLength,
    Character terminator,
    Duration timeout,
    Duration interDigitTimeout,
    int retries,
    PromptSpec notFoundPrompt,
    String onFailure)
    implements Node {
  @Override
  public String type() {
    return "dial-by-extension";
  }

  @Override
  public List<Edge> edges() {
    return onFailure == null ? List.of() : List.of(new Edge("on-failure", onFailure, true, pointer() + "/on-failure"));
  }
}
