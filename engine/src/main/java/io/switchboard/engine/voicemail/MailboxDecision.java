package io.switchboard.engine.voicemail;

import io.switchboard.engine.directory.Problem;
import java.util.List;

/**
 * The result of {@link MailboxDomain#decide}: events to persist, or the problems that refused the
 * command (and then no events). Both empty means an accepted no-op (a duplicate).
 *
 * @param events facts to persist, in order
 * @param problems why the command was refused, each naming the field and the fix
 */
public record MailboxDecision(List<MailboxEvent> events, List<Problem> problems) {

  public MailboxDecision {
    events = List.copyOf(events);
    problems = List.copyOf(problems);
    if (!events.isEmpty() && !problems.isEmpty()) {
      throw new IllegalArgumentException("a decision either accepts with events or refuses with problems");
    }
  }

  static MailboxDecision accept(List<MailboxEvent> events) {
    return new MailboxDecision(events, List.of());
  }

  static MailboxDecision refuse(String field, String message) {
    return new MailboxDecision(List.of(), List.of(new Problem(field, message)));
  }

  /** Whether the command was accepted. */
  public boolean accepted() {
    return problems.isEmpty();
  }
}
