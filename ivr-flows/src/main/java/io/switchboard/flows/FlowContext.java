package io.switchboard.flows;

import io.switchboard.flows.directory.Directory;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The call's facts as the flow sees them at one step: given by the engine (or a test) with every
 * step, never read from the system. The flow keeps nothing of it in its state except what it
 * decides (the language, variables it sets).
 *
 * @param callerNumber the caller's number (E.164 when known; empty when withheld)
 * @param callerName the caller id name (empty when unknown)
 * @param dialledNumber the number the caller dialled
 * @param now the current instant, from the engine's clock
 * @param language the call's language as the engine knows it (a number's default, a nested
 *     flow's last language); the flow uses it when it offers it
 * @param variables call variables set before this flow (by the engine or earlier flows)
 * @param directory users, for dial by extension and dial by name
 */
public record FlowContext(
    String callerNumber,
    String callerName,
    String dialledNumber,
    Instant now,
    String language,
    Map<String, String> variables,
    Directory directory) {

  public FlowContext {
    callerNumber = callerNumber == null ? "" : callerNumber;
    callerName = callerName == null ? "" : callerName;
    dialledNumber = dialledNumber == null ? "" : dialledNumber;
    Objects.requireNonNull(now, "now");
    language = language == null ? "" : language;
    variables = variables == null ? Map.of() : Map.copyOf(variables);
    directory = directory == null ? Directory.EMPTY : directory;
  }

  /** A context with only the current instant; the other facts empty. */
  public static FlowContext at(Instant now) {
    return new FlowContext("", "", "", now, "", Map.of(), Directory.EMPTY);
  }

  public FlowContext withNow(Instant instant) {
    return new FlowContext(callerNumber, callerName, dialledNumber, instant, language, variables, directory);
  }

  public FlowContext withCaller(String number, String name) {
    return new FlowContext(number, name, dialledNumber, now, language, variables, directory);
  }

  public FlowContext withDialledNumber(String number) {
    return new FlowContext(callerNumber, callerName, number, now, language, variables, directory);
  }

  public FlowContext withLanguage(String tag) {
    return new FlowContext(callerNumber, callerName, dialledNumber, now, tag, variables, directory);
  }

  public FlowContext withVariables(Map<String, String> vars) {
    return new FlowContext(callerNumber, callerName, dialledNumber, now, language, vars, directory);
  }

  public FlowContext withDirectory(Directory dir) {
    return new FlowContext(callerNumber, callerName, dialledNumber, now, language, variables, dir);
  }
}
