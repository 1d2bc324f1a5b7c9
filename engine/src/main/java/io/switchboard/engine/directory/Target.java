package io.switchboard.engine.directory;

import java.util.Locale;
import java.util.Objects;

/**
 * What a number or an extension leads to: a flow (auto attendant), a queue or a user.
 *
 * @param kind the kind of target
 * @param id its id
 */
public record Target(Kind kind, String id) {

  /** The kinds of target. */
  public enum Kind {
    FLOW,
    QUEUE,
    USER;

    /** The word used in messages and in the directory file: {@code flow}, {@code queue}, {@code user}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Target {
    Objects.requireNonNull(kind, "kind");
    Ids.require(kind.word(), id);
  }

  public static Target flow(String id) {
    return new Target(Kind.FLOW, id);
  }

  public static Target queue(String id) {
    return new Target(Kind.QUEUE, id);
  }

  public static Target user(String id) {
    return new Target(Kind.USER, id);
  }

  @Override
  public String toString() {
    return kind.word() + " " + id;
  }
}
