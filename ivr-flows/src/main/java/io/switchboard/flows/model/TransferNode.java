package io.switchboard.flows.model;

import io.switchboard.flows.TransferTarget;
import java.util.List;

/**
 * Hands the call over.
 *
 * @param prompt played before the transfer, or null
 * @param onFailure where the call goes when the transfer fails, or null (hang up)
 */
public record TransferNode(String id, TransferTarget target, PromptSpec prompt, String onFailure) implements Node {
  @Override
  public String type() {
    return "transfer";
  }

  @Override
  public boolean isExit() {
    return true;
  }

  @Override
  public List<Edge> edges() {
    return onFailure == null ? List.of() : List.of(new Edge("failed", onFailure, true, pointer() + "/on-failure"));
  }
}
