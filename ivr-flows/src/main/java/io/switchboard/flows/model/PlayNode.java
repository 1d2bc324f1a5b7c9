package io.switchboard.flows.model;

import java.util.List;

/** Plays a prompt, then continues to {@code next} (null: a dead end). */
public record PlayNode(String id, PromptSpec prompt, boolean interruptible, String next) implements Node {
  @Override
  public String type() {
    return "play";
  }

  @Override
  public List<Edge> edges() {
    return next == null ? List.of() : List.of(new Edge("next", next, true, pointer() + "/next"));
  }
}
