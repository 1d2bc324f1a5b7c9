package io.switchboard.engine.call;

import io.switchboard.engine.directory.E164;
import io.switchboard.engine.directory.Ids;
import io.switchboard.flows.TransferTarget;
import java.util.Locale;

/**
 * The text form of a call target, as the HTTP API and the operator setting write it:
 * {@code queue:ID}, {@code user:ID}, {@code extension:DIGITS}, {@code number:+E164},
 * {@code flow:ID}, {@code voicemail:MAILBOX} or {@code operator}. Parsed into the IVR module's
 * {@link TransferTarget}, so that a transfer asked for by an agent and one asked for by a flow
 * take the same path. Stateless, thread-safe.
 */
public final class CallTargets {

  /** What {@link #parse} accepts, for error messages. */
  public static final String FORMS =
      "queue:ID, user:ID, extension:DIGITS, number:+E164, flow:ID, voicemail:MAILBOX or operator";

  private CallTargets() {}

  /**
   * Parses a target.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static TransferTarget parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the target is missing; write one of " + FORMS);
    }
    String t = text.strip();
    if (t.equalsIgnoreCase("operator")) {
      return new TransferTarget.Operator();
    }
    int colon = t.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("target \"" + printable(t) + "\" has no kind; write one of " + FORMS);
    }
    String kind = t.substring(0, colon).toLowerCase(Locale.ROOT);
    String value = t.substring(colon + 1).strip();
    return switch (kind) {
      case "queue" -> new TransferTarget.Queue(Ids.require("queue", value));
      case "user" -> new TransferTarget.User(Ids.require("user", value));
      case "flow" -> new TransferTarget.Flow(Ids.require("flow", value));
      case "voicemail", "mailbox" -> new TransferTarget.Voicemail(Ids.require("mailbox", value));
      case "extension" -> {
        if (!value.matches("[0-9]{2,7}")) {
          throw new IllegalArgumentException("extension \"" + printable(value) + "\" is invalid; use 2 to 7 digits");
        }
        yield new TransferTarget.Extension(value);
      }
      case "number" -> new TransferTarget.OutsideNumber(E164.of(value).value());
      default -> throw new IllegalArgumentException(
          "target kind \"" + printable(kind) + "\" is unknown; write one of " + FORMS);
    };
  }

  /** The text form of a target (the inverse of {@link #parse}). */
  public static String format(TransferTarget target) {
    if (target instanceof TransferTarget.Queue q) {
      return "queue:" + q.id();
    }
    if (target instanceof TransferTarget.User u) {
      return "user:" + u.id();
    }
    if (target instanceof TransferTarget.Flow f) {
      return "flow:" + f.id();
    }
    if (target instanceof TransferTarget.Voicemail v) {
      return "voicemail:" + v.mailboxId();
    }
    if (target instanceof TransferTarget.Extension e) {
      return "extension:" + e.digits();
    }
    if (target instanceof TransferTarget.OutsideNumber n) {
      return "number:" + n.e164();
    }
    return "operator";
  }

  private static String printable(String text) {
    StringBuilder sb = new StringBuilder();
    text.codePoints().limit(40).forEach(c -> sb.append(Character.isISOControl(c) ? '?' : (char) c));
    return sb.toString();
  }
}
