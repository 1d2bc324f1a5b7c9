package io.switchboard.flows.graph;

import io.switchboard.flows.model.CollectNode;
import io.switchboard.flows.model.DialByExtensionNode;
import io.switchboard.flows.model.DialByNameNode;
import io.switchboard.flows.model.Edge;
import io.switchboard.flows.model.Flow;
import io.switchboard.flows.model.HangupNode;
import io.switchboard.flows.model.MenuNode;
import io.switchboard.flows.model.Node;
import io.switchboard.flows.model.PlayNode;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.model.SetNode;
import io.switchboard.flows.model.TransferNode;
import io.switchboard.flows.model.VoicemailNode;
import io.switchboard.flows.model.ConditionNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a flow as a Mermaid flowchart or a Graphviz DOT digraph: one box per node (what it plays
 * or where it transfers), one labelled arrow per move (key, timeout, branch). Decisions are
 * diamonds and exits are rounded. Pure functions of the flow; thread-safe.
 */
public final class FlowGraph {
  private FlowGraph() {}

  /** A Mermaid {@code flowchart TD}. */
  public static String mermaid(Flow flow) {
    Map<String, String> ids = ids(flow);
    StringBuilder sb = new StringBuilder();
    sb.append("flowchart TD\n");
    sb.append("  start((\"").append(mermaidText(flow.id())).append("\"))\n");
    for (Node node : flow.nodes().values()) {
      String text = mermaidText(node.id()) + "<br/>" + mermaidText(summary(node));
      String id = ids.get(node.id());
      sb.append("  ").append(id);
      if (node instanceof ScheduleNode || node instanceof ConditionNode) {
        sb.append("{\"").append(text).append("\"}");
      } else if (node.isExit()) {
        sb.append("([\"").append(text).append("\"])");
      } else {
        sb.append("[\"").append(text).append("\"]");
      }
      sb.append('\n');
    }
    if (ids.containsKey(flow.start())) {
      sb.append("  start --> ").append(ids.get(flow.start())).append('\n');
    }
    for (Node node : flow.nodes().values()) {
      for (Edge e : node.edges()) {
        String target = ids.get(e.target());
        if (target == null) {
          continue;
        }
        sb.append("  ").append(ids.get(node.id())).append(e.withoutInput() ? " -.->|\"" : " -->|\"")
            .append(mermaidText(e.label())).append("\"| ").append(target).append('\n');
      }
    }
    return sb.toString();
  }

  /** A Graphviz DOT digraph. */
  public static String dot(Flow flow) {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph ").append(dotString(flow.id())).append(" {\n");
    sb.append("  rankdir=TB;\n");
    sb.append("  node [shape=box, fontname=\"Helvetica\", fontsize=11];\n");
    sb.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    sb.append("  \"(start)\" [shape=circle, label=").append(dotString(flow.id())).append("];\n");
    for (Node node : flow.nodes().values()) {
      sb.append("  ").append(dotString(node.id())).append(" [label=")
          .append(dotString(node.id() + "\n" + summary(node)));
      if (node instanceof ScheduleNode || node instanceof ConditionNode) {
        sb.append(", shape=diamond");
      } else if (node.isExit()) {
        sb.append(", style=\"rounded,bold\"");
      }
      sb.append("];\n");
    }
    if (flow.nodes().containsKey(flow.start())) {
      sb.append("  \"(start)\" -> ").append(dotString(flow.start())).append(";\n");
    }
    for (Node node : flow.nodes().values()) {
      for (Edge e : node.edges()) {
        if (!flow.nodes().containsKey(e.target())) {
          continue;
        }
        sb.append("  ").append(dotString(node.id())).append(" -> ").append(dotString(e.target()))
            .append(" [label=").append(dotString(e.label()));
        if (e.withoutInput()) {
          sb.append(", style=dashed");
        }
        sb.append("];\n");
      }
    }
    sb.append("}\n");
    return sb.toString();
  }

  /** What a node does, in a few words. */
  static String summary(Node node) {
    if (node instanceof MenuNode m) {
      return "menu: " + m.prompt().label();
    }
    if (node instanceof PlayNode p) {
      return "play: " + p.prompt().label();
    }
    if (node instanceof CollectNode c) {
      return "collect into " + c.variable();
    }
    if (node instanceof ScheduleNode s) {
      return "schedule" + (s.zone() == null ? "" : " (" + s.zone().getId() + ")");
    }
    if (node instanceof DialByExtensionNode x) {
      return "dial by extension (" + (x.minLength() == x.maxLength() ? x.maxLength() + " digits"
          : x.minLength() + "-" + x.maxLength() + " digits") + ")";
    }
    if (node instanceof DialByNameNode n) {
      return "dial by name (" + n.search().label() + ")";
    }
    if (node instanceof TransferNode t) {
      return "transfer to " + t.target().describe();
    }
    if (node instanceof ConditionNode) {
      return "condition";
    }
    if (node instanceof SetNode s) {
      List<String> parts = new ArrayList<>();
      s.variables().forEach((k, v) -> parts.add(k + "=" + v));
      if (s.language() != null) {
        parts.add("language=" + s.language());
      }
      return "set " + String.join(", ", parts);
    }
    if (node instanceof VoicemailNode v) {
      return "voicemail in " + v.mailbox();
    }
    if (node instanceof HangupNode h) {
      return "hang up (" + h.cause() + ")";
    }
    return node.type();
  }

  /** Mermaid node ids: n0, n1... (node ids may hold characters Mermaid reserves). */
  private static Map<String, String> ids(Flow flow) {
    Map<String, String> ids = new HashMap<>();
    int i = 0;
    for (String id : flow.nodes().keySet()) {
      ids.put(id, "n" + i++);
    }
    return ids;
  }

  /** Text inside Mermaid quotes: quotes and # as entities, angle brackets escaped. */
  static String mermaidText(String text) {
    return text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }

  /** A DOT quoted string. */
  static String dotString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
