package io.switchboard.flows.model;

import java.util.List;

/** Ends the call with a cause. */
public record HangupNode(String id, String cause) implements Node {
  @Override
  public String type() {
    return "hangup";
  }

  @Override
  public boolean isExit() {
    return true;
  }

  @Override
  public List<Edge> edges() {
    return List.of();
  }
}
