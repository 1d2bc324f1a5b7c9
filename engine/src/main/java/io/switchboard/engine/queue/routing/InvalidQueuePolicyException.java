package io.switchboard.engine.queue.routing;

import io.switchboard.engine.directory.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a {@link QueuePolicy} is built from values that break its rules. Carries every
 * problem at once, each naming its field, so that the directory file loader can point at the line
 * of each offending key and an admin API can list them all.
 */
public final class InvalidQueuePolicyException extends IllegalArgumentException {

  private final List<Problem> problems;

  /** Creates the exception; {@code problems} must not be empty. */
  public InvalidQueuePolicyException(List<Problem> problems) {
    super(
        "invalid queue policy: "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in field order. */
  public List<Problem> problems() {
    return problems;
  }
}
