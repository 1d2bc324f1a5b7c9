package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.switchboard.persistence.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one input did to a call, journaled as one event: the input as it arrived, the directory
 * and catalog answers looked up while deciding, the changes to the call's state and the actions
 * sent out. An input that changes nothing (a duplicate or stale event) is not journaled.
 *
 * <p>This is the call's history as the API shows it, and all a replay needs: feeding
 * {@link #input()} to the same rules with {@link #lookups()} as answers must give the same
 * {@link #facts()} and {@link #actions()} ({@link CallReplay}). Immutable.
 */
public record CallEvent(
    CallInput input, List<CallLookups.Answer> lookups, List<CallFact> facts, List<CallAction> actions)
    implements CborSerializable {

  public CallEvent {
    Objects.requireNonNull(input, "input");
    lookups = List.copyOf(lookups);
    facts = List.copyOf(facts);
    actions = List.copyOf(actions);
  }

  /** When the input happened. */
  @JsonIgnore
  public Instant at() {
    return input.at();
  }
}
