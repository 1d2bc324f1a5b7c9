package io.switchboard.flows.flowtest;

import io.switchboard.flows.Branch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of a flow's decisions its tests took.
 *
 * @param all every branch the flow has
 * @param covered the branches some test took
 */
public record Coverage(List<Branch> all, Set<Branch> covered) {
  public Coverage {
    all = List.copyOf(all);
    covered = Set.copyOf(covered);
  }

  /** The branches no test took, in flow order. */
  public List<Branch> uncovered() {
    List<Branch> out = new ArrayList<>();
    for (Branch b : all) {
      if (!covered.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }

  public boolean complete() {
    return uncovered().isEmpty();
  }

  /** "23/25 branches". */
  public String summary() {
    return (all.size() - uncovered().size()) + "/" + all.size() + " branches";
  }
}
