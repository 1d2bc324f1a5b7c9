package io.switchboard.flows;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * Where a {@link FlowCommand.Transfer} sends the call. Immutable values; the engine resolves them
 * (a queue entity, a user's endpoints, a gateway, another flow, a mailbox, the operator).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "to")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TransferTarget.Queue.class, name = "queue"),
  @JsonSubTypes.Type(value = TransferTarget.User.class, name = "user"),
  @JsonSubTypes.Type(value = TransferTarget.Extension.class, name = "extension"),
  @JsonSubTypes.Type(value = TransferTarget.OutsideNumber.class, name = "number"),
  @JsonSubTypes.Type(value = TransferTarget.Flow.class, name = "flow"),
  @JsonSubTypes.Type(value = TransferTarget.Voicemail.class, name = "mailbox"),
  @JsonSubTypes.Type(value = TransferTarget.Operator.class, name = "operator")
})
public sealed interface TransferTarget {

  /** A short human description, used in decisions, test output and graphs. */
  String describe();

  /** A call queue, by id. */
  record Queue(String id) implements TransferTarget {
    public Queue {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String describe() {
      return "queue " + id;
    }
  }

  /** A user (all their endpoints), by id. */
  record User(String id) implements TransferTarget {
    public User {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String describe() {
      return "user " + id;
    }
  }

  /** An internal extension, as digits. */
  record Extension(String digits) implements TransferTarget {
    public Extension {
      Objects.requireNonNull(digits, "digits");
    }

    @Override
    public String describe() {
      return "extension " + digits;
    }
  }

  /** An outside number in E.164 form, through a gateway. */
  record OutsideNumber(String e164) implements TransferTarget {
    public OutsideNumber {
      Objects.requireNonNull(e164, "e164");
    }

    @Override
    public String describe() {
      return "number " + e164;
    }
  }

  /** Another flow (a nested attendant), started by the engine in the same call and journey. */
  record Flow(String id) implements TransferTarget {
    public Flow {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String describe() {
      return "flow " + id;
    }
  }

  /** A voicemail box, with the mailbox's own greeting. */
  record Voicemail(String mailboxId) implements TransferTarget {
    public Voicemail {
      Objects.requireNonNull(mailboxId, "mailboxId");
    }

    @Override
    public String describe() {
      return "mailbox " + mailboxId;
    }
  }

  /** The operator, as configured in the engine. */
  record Operator() implements TransferTarget {
    @Override
    public String describe() {
      return "operator";
    }
  }
}
