package io.switchboard.flows.internal.runtime;

import io.switchboard.flows.Branch;
import io.switchboard.flows.model.CollectNode;
import io.switchboard.flows.model.ConditionNode;
import io.switchboard.flows.model.DialByExtensionNode;
import io.switchboard.flows.model.DialByNameNode;
import io.switchboard.flows.model.Flow;
import io.switchboard.flows.model.MenuNode;
import io.switchboard.flows.model.Node;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.model.TransferNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every decision a flow can take, derived from its nodes: the branch names are exactly those
 * {@link FlowMachine} reports in its decisions. Retry branches exist only when the node allows
 * retries; a transfer's failure branch only when it says where to go.
 */
public final class Branches {
  private Branches() {}

  public static List<Branch> of(Flow flow) {
    List<Branch> out = new ArrayList<>();
    for (Node node : flow.nodes().values()) {
      String id = node.id();
      if (node instanceof MenuNode m) {
        m.options().keySet().forEach(k -> out.add(new Branch(id, k)));
        if (m.repeatKey() != null) {
          out.add(new Branch(id, "repeat"));
        }
        if (m.retries() > 0) {
          out.add(new Branch(id, "invalid"));
          out.add(new Branch(id, "timeout"));
        }
        out.add(new Branch(id, "on-invalid"));
        out.add(new Branch(id, "on-timeout"));
      } else if (node instanceof CollectNode c) {
        out.add(new Branch(id, "collected"));
        if (c.retries() > 0) {
          out.add(new Branch(id, "invalid"));
          out.add(new Branch(id, "timeout"));
        }
        out.add(new Branch(id, "on-failure"));
      } else if (node instanceof DialByExtensionNode x) {
        out.add(new Branch(id, "found"));
        if (x.retries() > 0) {
          out.add(new Branch(id, "not-found"));
          out.add(new Branch(id, "timeout"));
        }
        out.add(new Branch(id, "on-failure"));
        out.add(new Branch(id, "transfer-failed"));
      } else if (node instanceof DialByNameNode n) {
        boolean choices = n.maxMatches() > 1 || n.confirmAlways();
        if (!n.confirmAlways()) {
          out.add(new Branch(id, "match"));
        }
        if (choices) {
          out.add(new Branch(id, "chosen"));
          out.add(new Branch(id, "restart"));
        }
        if (n.retries() > 0) {
          out.add(new Branch(id, "no-match"));
          if (n.maxMatches() < Integer.MAX_VALUE) {
            out.add(new Branch(id, "too-many"));
          }
          out.add(new Branch(id, "timeout"));
          if (choices) {
            out.add(new Branch(id, "invalid"));
          }
        }
        out.add(new Branch(id, "on-failure"));
        out.add(new Branch(id, "transfer-failed"));
      } else if (node instanceof ScheduleNode s) {
        boolean open = s.otherwise() == ScheduleNode.Branch.OPEN;
        boolean closed = s.otherwise() == ScheduleNode.Branch.CLOSED;
        for (ScheduleNode.Rule r : s.rules()) {
          open |= r.branch() == ScheduleNode.Branch.OPEN;
          closed |= r.branch() == ScheduleNode.Branch.CLOSED;
        }
        if (open) {
          out.add(new Branch(id, "open"));
        }
        if (closed) {
          out.add(new Branch(id, "closed"));
        }
        if (!s.holidays().isEmpty()) {
          out.add(new Branch(id, "holiday"));
        }
      } else if (node instanceof ConditionNode c) {
        c.branches().forEach(b -> out.add(new Branch(id, b.label())));
        out.add(new Branch(id, "otherwise"));
      } else if (node instanceof TransferNode t && t.onFailure() != null) {
        out.add(new Branch(id, "failed"));
      }
    }
    return List.copyOf(out);
  }
}
