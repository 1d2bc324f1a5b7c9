package io.switchboard.flows.simulation;

import io.switchboard.flows.TransferTarget;

/** How a simulated call stands: handed over, in voicemail, hung up, or still in the flow. */
public sealed interface Outcome {

  String describe();

  /** The flow transferred the call (and no failure was reported). */
  record Transferred(TransferTarget target) implements Outcome {
    @Override
    public String describe() {
      return "transfer to " + target.describe();
    }
  }

  /** The flow recorded voicemail into a mailbox. */
  record Voicemail(String mailbox) implements Outcome {
    @Override
    public String describe() {
      return "voicemail in mailbox " + mailbox;
    }
  }

  /** The flow hung up. */
  record HungUp(String cause) implements Outcome {
    @Override
    public String describe() {
      return "hang-up with " + cause;
    }
  }

  /** The flow is still waiting for the caller at a node. */
  record Waiting(String node) implements Outcome {
    @Override
    public String describe() {
      return "still waiting at node '" + node + "'";
    }
  }
}
