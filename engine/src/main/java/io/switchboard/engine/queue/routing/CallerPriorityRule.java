package io.switchboard.engine.queue.routing;

import io.switchboard.engine.directory.NumberPattern;

/**
 * Gives calls that match a caller-number and/or dialled-number pattern a priority. Rules are
 * evaluated in order and the first match wins; a priority set explicitly on the call (by the flow
 * that sent it) wins over every rule.
 *
 * <p>Part of {@link QueuePolicy}; a value, thread-safe.
 *
 * @param callerNumber pattern on the caller's number as received, or {@code null} for any
 * @param dialedNumber pattern on the number the caller dialled, or {@code null} for any
 * @param priority {@value QueuePolicy#MIN_PRIORITY} (lowest) to {@value QueuePolicy#MAX_PRIORITY}
 *     (highest)
 */
public record CallerPriorityRule(NumberPattern callerNumber, NumberPattern dialedNumber, int priority) {

  public CallerPriorityRule {
    if (callerNumber == null && dialedNumber == null) {
      throw new IllegalArgumentException(
          "a caller priority rule needs callerNumber or dialedNumber (or both)");
    }
    if (priority < QueuePolicy.MIN_PRIORITY || priority > QueuePolicy.MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "caller priority "
              + priority
              + " is out of range; use "
              + QueuePolicy.MIN_PRIORITY
              + " (lowest) to "
              + QueuePolicy.MAX_PRIORITY
              + " (highest)");
    }
  }

  /** Whether a call from {@code caller} to {@code dialed} matches this rule. */
  public boolean matches(String caller, String dialed) {
    return (callerNumber == null || callerNumber.matches(caller))
        && (dialedNumber == null || dialedNumber.matches(dialed));
  }
}
