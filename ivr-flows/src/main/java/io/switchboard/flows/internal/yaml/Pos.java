package io.switchboard.flows.internal.yaml;

/** A 1-based line and column in a source file. */
public record Pos(int line, int column) {
  public static final Pos START = new Pos(1, 1);
}
