package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * One number of the inventory.
 *
 * @param number the E.164 number
 * @param state available, assigned or porting in
 * @param assignedTo the target when {@link NumberState#ASSIGNED}, otherwise {@code null}
 */
public record NumberEntry(E164 number, NumberState state, Target assignedTo) {

  public NumberEntry {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(state, "state");
    if ((state == NumberState.ASSIGNED) != (assignedTo != null)) {
      throw new IllegalArgumentException("number " + number + ": an assigned number has a target and only then");
    }
  }
}
