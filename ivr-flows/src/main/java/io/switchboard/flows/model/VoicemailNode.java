package io.switchboard.flows.model;

import java.time.Duration;
import java.util.List;

/** Records a message into a mailbox; the flow ends. {@code greeting} may be null. */
public record VoicemailNode(String id, String mailbox, PromptSpec greeting, Duration maxLength) implements Node {
  @Override
  public String type() {
    return "voicemail";
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
