package io.switchboard.flows;

/**
 * A decision a flow can take: a node and one of its branches, as {@link FlowCommand.Decision}
 * reports them. {@link CompiledFlow#branches()} lists them all, so flow tests can measure coverage.
 */
public record Branch(String nodeId, String name) implements Comparable<Branch> {
  @Override
  public String toString() {
    return nodeId + ":" + name;
  }

  @Override
  public int compareTo(Branch o) {
    return toString().compareTo(o.toString());
  }
}
