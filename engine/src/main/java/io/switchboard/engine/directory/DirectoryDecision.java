package io.switchboard.engine.directory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of {@link DirectoryDomain#decide}: the events to persist, or every problem that
 * refuses the command (then no events, and the directory is unchanged). Both empty is an accepted
 * no-op.
 *
 * @param events facts to persist, in order
 * @param problems each naming the field (the directory file key) and the fix
 */
public record DirectoryDecision(List<DirectoryEvent> events, List<Problem> problems) {

  public DirectoryDecision {
    events = List.copyOf(events);
    problems = List.copyOf(problems);
    if (!events.isEmpty() && !problems.isEmpty()) {
      throw new IllegalArgumentException("a decision either accepts with events or refuses with problems");
    }
  }

  static DirectoryDecision accept(List<DirectoryEvent> events) {
    return new DirectoryDecision(events, List.of());
  }

  static DirectoryDecision refuse(List<Problem> problems) {
    return new DirectoryDecision(List.of(), problems);
  }

  static DirectoryDecision refuse(String field, String message) {
    return refuse(List.of(new Problem(field, message)));
  }

  /** Whether the command was accepted. */
  public boolean accepted() {
    return problems.isEmpty();
  }

  /** The problems as one message, for error replies. */
  public String problemSummary() {
    return problems.stream().map(Problem::message).collect(Collectors.joining("; "));
  }
}
