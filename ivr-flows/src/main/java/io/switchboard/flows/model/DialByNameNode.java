package io.switchboard.flows.model;

import java.time.Duration;
import java.util.List;

/** The caller spells a name on the keypad, picks a match and is transferred to that user. */
public record DialByNameNode(
    String id,
    PromptSpec prompt,
    Search search,
    int minLetters,
    int maxLetters,
    int maxMatches,
    boolean confirmAlways,
    PromptSpec matchPrompt,
    Character terminator,
    Duration timeout,
    Duration interDigitTimeout,
    int retries,
    PromptSpec noMatchPrompt,
    PromptSpec tooManyPrompt,
    String onFailure)
    implements Node {

  /** Which part of a display name is matched. */
  public enum Search {
    LAST_NAME("last-name"),
    FIRST_NAME("first-name"),
    ANY_NAME("any-name");

    private final String label;

    Search(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  @Override
  public String type() {
    return "dial-by-name";
  }

  @Override
  public List<Edge> edges() {
    return onFailure == null ? List.of() : List.of(new Edge("on-failure", onFailure, true, pointer() + "/on-failure"));
  }
}
