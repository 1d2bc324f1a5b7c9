package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * A trunk for outside calls: how to dial through it and what caller id it presents.
 *
 * <p>The dial string template is a FreeSWITCH dial string with one or more of these placeholders
 * for the destination: {@code {e164}} ({@code +15551234567}), {@code {digits}} ({@code
 * 15551234567}) and {@code {national}} (national form, see {@link NumberPlan#nationalForm}). Other
 * brace blocks are FreeSWITCH channel variables and pass through untouched, e.g. {@code
 * {absolute_codec_string=PCMU}sofia/gateway/carrier-a/{e164}}. The destination is always digits,
 * so it can never inject into the dial string.
 *
 * @param id the gateway id (outbound routes refer to it)
 * @param dialString the template
 * @param callerId the caller id rule
 */
public record Gateway(String id, String dialString, CallerIdRule callerId) {

  private static final String[] PLACEHOLDERS = {"{e164}", "{digits}", "{national}"};

  public Gateway {
    Ids.require("gateway", id);
    String problem = dialStringProblem(dialString);
    if (problem != null) {
      throw new IllegalArgumentException("gateway " + id + ": " + problem);
    }
    Objects.requireNonNull(callerId, "callerId");
  }

  /** The problem with a dial string template, or {@code null} when it is usable. */
  public static String dialStringProblem(String template) {
    if (template == null || template.isBlank()) {
      return "dial string is missing; write e.g. sofia/gateway/carrier-a/{e164}";
    }
    if (template.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return "dial string \"" + template + "\" holds whitespace or control characters";
    }
    if (template.contains(",") || template.contains("|") || template.contains(":_:")) {
      return "dial string \"" + template + "\" dials several legs; use one gateway per dial string and list fallbacks in an outbound route";
    }
    boolean hasPlaceholder = false;
    for (String placeholder : PLACEHOLDERS) {
      hasPlaceholder |= template.contains(placeholder);
    }
    if (!hasPlaceholder) {
      return "dial string \"" + template + "\" has no destination placeholder; put {e164}, {digits} or {national} where the number goes";
    }
    return null;
  }

  /** The dial string for {@code destination}. */
  public String dialStringFor(E164 destination, NumberPlan plan) {
    return dialString
        .replace("{e164}", destination.value())
        .replace("{digits}", destination.digits())
        .replace("{national}", plan.nationalForm(destination));
  }
}
