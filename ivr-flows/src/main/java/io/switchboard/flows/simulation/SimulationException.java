package io.switchboard.flows.simulation;

/** A scripted input that cannot be applied where the call is (a timeout with no timer running...). */
public final class SimulationException extends RuntimeException {
  public SimulationException(String message) {
    super(message);
  }
}
