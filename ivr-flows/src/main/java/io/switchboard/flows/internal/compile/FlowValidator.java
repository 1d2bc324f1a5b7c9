package io.switchboard.flows.internal.compile;

import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.directory.FlowDirectory;
import io.switchboard.flows.internal.Suggestions;
import io.switchboard.flows.internal.yaml.YamlDocument;
import io.switchboard.flows.model.CollectNode;
import io.switchboard.flows.model.ConditionNode;
import io.switchboard.flows.model.DialByExtensionNode;
import io.switchboard.flows.model.DialByNameNode;
import io.switchboard.flows.model.Edge;
import io.switchboard.flows.model.Flow;
import io.switchboard.flows.model.MenuNode;
import io.switchboard.flows.model.Node;
import io.switchboard.flows.model.PlayNode;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.model.SetNode;
import io.switchboard.flows.model.TransferNode;
import io.switchboard.flows.model.VoicemailNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the meaning of a bound flow: references between nodes, reachability, dead ends, loops a
 * silent caller would never leave, directory references, and limits that contradict each other;
 * and runs the 365-day schedule check. One instance per compilation; not thread-safe.
 */
final class FlowValidator {

  private final Problems problems;
  private final YamlDocument doc;
  private final FlowDirectory directory;
  private final Instant checkFrom;

  FlowValidator(Problems problems, FlowDirectory directory, Instant checkFrom) {
    this.problems = problems;
    this.doc = problems.doc();
    this.directory = directory;
    this.checkFrom = checkFrom;
  }

  /**
   * @param structurallySound whether the schema check found nothing wrong under /nodes and /start:
   *     only then are the graph-wide checks (reachability, loops) meaningful
   */
  void validate(Flow flow, Set<String> unreadableNodes, boolean structurallySound, Set<String> nodesWithSchemaErrors) {
    Set<String> ids = new LinkedHashSet<>(flow.nodes().keySet());
    ids.addAll(unreadableNodes);

    if (!flow.start().isEmpty() && !ids.contains(flow.start()) && doc.at("/start").isPresent()) {
      problems.atValue("/start", ErrorClass.UNKNOWN_NODE, "start '" + flow.start()
          + "' is not a node of this flow" + Suggestions.hint(flow.start(), ids, "name one of the nodes under nodes"));
    }
    for (Node node : flow.nodes().values()) {
      for (Edge edge : node.edges()) {
        if (!ids.contains(edge.target())) {
          problems.atValue(edge.pointer(), ErrorClass.UNKNOWN_NODE, describe(node) + ": " + edgeName(node, edge)
              + " goes to '" + edge.target() + "', which is not a node of this flow"
              + Suggestions.hint(edge.target(), ids, "name an existing node or add one"));
        }
      }
      if (!nodesWithSchemaErrors.contains(node.id())) {
        deadEnds(node);
        crossFields(node, flow);
      }
      references(node, flow);
    }
    if (structurallySound && unreadableNodes.isEmpty() && ids.contains(flow.start())) {
      unreachable(flow);
      loops(flow);
    }
    for (Node node : flow.nodes().values()) {
      if (node instanceof ScheduleNode s && !nodesWithSchemaErrors.contains(s.id()) && s.zone() != null) {
        new ScheduleCheck(problems, checkFrom).check(s, describe(s));
      }
    }
  }

  static String describe(Node node) {
    return node.type() + " '" + node.id() + "'";
  }

  private static String edgeName(Node node, Edge edge) {
    if (node instanceof MenuNode && edge.label().matches("[0-9*#]")) {
      return "option '" + edge.label() + "'";
    }
    if (node instanceof ConditionNode c) {
      for (ConditionNode.Branch b : c.branches()) {
        if (b.label().equals(edge.label())) {
          return "branch " + (b.index() + 1) + " next";
        }
      }
      return "otherwise";
    }
    if (node instanceof ScheduleNode) {
      return "on-" + edge.label();
    }
    if (node instanceof TransferNode) {
      return "on-failure";
    }
    if (node instanceof CollectNode && edge.label().equals("collected")) {
      return "next";
    }
    return edge.label();
  }

  // ---- dead ends -------------------------------------------------------------------------------

  private void deadEnds(Node node) {
    String p = node.pointer();
    String d = describe(node);
    if (node instanceof MenuNode m && m.onTimeout() == null) {
      problems.atKey(p, ErrorClass.DEAD_END, d + " has no on-timeout: a caller who presses nothing "
          + (m.retries() + 1) + " times would be stuck; add on-timeout: <node id> (on-invalid defaults to it)");
    } else if (node instanceof PlayNode n && n.next() == null) {
      problems.atKey(p, ErrorClass.DEAD_END, d + " has no next: after the prompt the caller would hear silence "
          + "forever; add next: <node id> (a hangup node to end the call)");
    } else if (node instanceof SetNode n && n.next() == null) {
      problems.atKey(p, ErrorClass.DEAD_END, d + " has no next: the call would stop here; add next: <node id>");
    } else if (node instanceof CollectNode n) {
      if (n.next() == null) {
        problems.atKey(p, ErrorClass.DEAD_END, d + " has no next: the collected digits would lead nowhere; "
            + "add next: <node id>");
      }
      if (n.onFailure() == null) {
        problems.atKey(p, ErrorClass.DEAD_END, d + " has no on-failure: a caller who enters nothing valid would "
            + "be stuck; add on-failure: <node id>");
      }
    } else if (node instanceof DialByExtensionNode n && n.onFailure() == null) {
      problems.atKey(p, ErrorClass.DEAD_END, d + " has no on-failure: a caller who types no known extension, or "
          + "whose transfer fails, would be stuck; add on-failure: <node id>");
    } else if (node instanceof DialByNameNode n && n.onFailure() == null) {
      problems.atKey(p, ErrorClass.DEAD_END, d + " has no on-failure: a caller who finds no name, or whose "
          + "transfer fails, would be stuck; add on-failure: <node id>");
    } else if (node instanceof ConditionNode n && n.otherwise() == null) {
      problems.atKey(p, ErrorClass.DEAD_END, d + " has no otherwise: a call no branch matches would stop "
          + "here; add otherwise: <node id>");
    } else if (node instanceof ScheduleNode s) {
      boolean canOpen = s.otherwise() == ScheduleNode.Branch.OPEN;
      boolean canClose = s.otherwise() == ScheduleNode.Branch.CLOSED;
      for (ScheduleNode.Rule r : s.rules()) {
        canOpen |= r.branch() == ScheduleNode.Branch.OPEN;
        canClose |= r.branch() == ScheduleNode.Branch.CLOSED;
      }
      boolean holidaysToClosed = !s.holidays().isEmpty() && s.onHoliday() == null;
      if (canOpen && s.onOpen() == null) {
        problems.atKey(p, ErrorClass.DEAD_END, d + " has no on-open: calls during open hours would stop here; "
            + "add on-open: <node id>");
      }
      if ((canClose || holidaysToClosed) && s.onClosed() == null) {
        problems.atKey(p, ErrorClass.DEAD_END, d + " has no on-closed: calls " + (canClose
            ? "outside open hours" : "on holidays (on-holiday is not set)") + " would stop here; add on-closed: <node id>");
      }
      if (s.holidays().isEmpty() && s.onHoliday() != null && !doc.at(p + "/holidays").isPresent()) {
        problems.atKey(p + "/on-holiday", ErrorClass.CONFLICTING_FIELDS, d + " has on-holiday but no holidays, so "
            + "it is never taken; add holidays or remove on-holiday");
      }
    }
  }

  // ---- cross-field rules -----------------------------------------------------------------------

  private void crossFields(Node node, Flow flow) {
    String p = node.pointer();
    String d = describe(node);
    if (node instanceof MenuNode m && m.repeatKey() != null && m.options().containsKey(m.repeatKey())) {
      problems.atValue(p + "/repeat", ErrorClass.CONFLICTING_FIELDS, d + ": key '" + m.repeatKey()
          + "' is both an option and the repeat key; pick another repeat key or remove that option");
    }
    if (node instanceof CollectNode c) {
      if (c.minLength() > c.maxLength()) {
        problems.atValue(p + "/min-length", ErrorClass.CONFLICTING_FIELDS, d + ": min-length " + c.minLength()
            + " is more than max-length " + c.maxLength() + "; no entry could be valid");
      }
      if ("language".equals(c.variable())) {
        problems.atValue(p + "/variable", ErrorClass.INVALID_VALUE, d + ": variable 'language' is reserved for "
            + "the call's language; collect into another name");
      }
    }
    if (node instanceof DialByExtensionNode x) {
      if (x.minLength() > x.maxLength()) {
        problems.atValue(p + "/min-length", ErrorClass.CONFLICTING_FIELDS, d + ": min-length " + x.minLength()
            + " is more than max-length " + x.maxLength() + "; no extension could be typed");
      }
      if (x.terminator() != null && Character.isDigit(x.terminator())) {
        problems.atValue(p + "/terminator", ErrorClass.CONFLICTING_FIELDS, d + ": terminator '" + x.terminator()
            + "' is a digit, which extensions are made of; use \"#\" or \"*\"");
      }
    }
    if (node instanceof DialByNameNode n) {
      if (n.minLetters() > n.maxLetters()) {
        problems.atValue(p + "/min-letters", ErrorClass.CONFLICTING_FIELDS, d + ": min-letters " + n.minLetters()
            + " is more than max-letters " + n.maxLetters() + "; no name could be searched");
      }
      if (n.terminator() != null && n.terminator() >= '2' && n.terminator() <= '9') {
        problems.atValue(p + "/terminator", ErrorClass.CONFLICTING_FIELDS, d + ": terminator '" + n.terminator()
            + "' is a letter key; use \"#\" or \"*\"");
      }
    }
    if (node instanceof SetNode s && s.variables().containsKey("language")) {
      problems.atKey(p + "/variables/language", ErrorClass.INVALID_VALUE, d + ": variable 'language' is reserved "
          + "for the call's language; write language: <tag> in the set node instead");
    }
    if (node instanceof TransferNode t && t.target() instanceof TransferTarget.Flow f && f.id().equals(flow.id())) {
      problems.atValue(p + "/flow", ErrorClass.INVALID_VALUE, d + ": flow '" + f.id() + "' is this flow itself; "
          + "to start over, go to its start node '" + flow.start() + "' instead");
    }
  }

  // ---- directory references --------------------------------------------------------------------

  private void references(Node node, Flow flow) {
    if (directory == null) {
      return;
    }
    String p = node.pointer();
    String d = describe(node);
    if (node instanceof TransferNode t) {
      TransferTarget target = t.target();
      if (target instanceof TransferTarget.Queue q) {
        known(p + "/queue", d, "queue", q.id(), directory.queueIds());
      } else if (target instanceof TransferTarget.User u) {
        known(p + "/user", d, "user", u.id(), directory.userIds());
      } else if (target instanceof TransferTarget.Extension x) {
        known(p + "/extension", d, "extension", x.digits(), directory.extensions());
      } else if (target instanceof TransferTarget.Flow f && !f.id().equals(flow.id())) {
        known(p + "/flow", d, "flow", f.id(), directory.flowIds());
      } else if (target instanceof TransferTarget.Voicemail v) {
        known(p + "/mailbox", d, "mailbox", v.mailboxId(), directory.mailboxIds());
      }
    }
    if (node instanceof VoicemailNode v) {
      known(p + "/mailbox", d, "mailbox", v.mailbox(), directory.mailboxIds());
    }
  }

  private void known(String p, String d, String kind, String id, Set<String> ids) {
    if (id.isEmpty() || ids.contains(id) || doc.at(p).map(n -> !n.isTextual()).orElse(true)) {
      return;
    }
    problems.atValue(p, ErrorClass.UNKNOWN_REFERENCE, d + ": " + kind + " '" + id + "' is not in the directory"
        + Suggestions.hint(id, ids, "add it to the directory's " + plural(kind) + " or fix the id"));
  }

  private static String plural(String kind) {
    return switch (kind) {
      case "mailbox" -> "mailboxes";
      case "extension" -> "users (extension)";
      default -> kind + "s";
    };
  }

  // ---- graph checks ----------------------------------------------------------------------------

  private void unreachable(Flow flow) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(flow.start());
    while (!todo.isEmpty()) {
      String id = todo.poll();
      Node n = flow.nodes().get(id);
      if (n == null || !seen.add(id)) {
        continue;
      }
      for (Edge e : n.edges()) {
        todo.add(e.target());
      }
    }
    for (Node n : flow.nodes().values()) {
      if (!seen.contains(n.id())) {
        problems.atKey(n.pointer(), ErrorClass.UNREACHABLE_NODE, describe(n) + " cannot be reached from the start "
            + "node '" + flow.start() + "'; lead to it from another node, or remove it");
      }
    }
  }

  /**
   * Finds cycles made only of moves that need no key press (timeouts, next, schedule and condition
   * branches, failed transfers): a silent caller, or a line with nobody on it, would go round them
   * forever. Strongly connected components by Tarjan's algorithm; one error per cycle.
   */
  private void loops(Flow flow) {
    Map<String, List<Edge>> graph = new HashMap<>();
    for (Node n : flow.nodes().values()) {
      List<Edge> silent = new ArrayList<>();
      for (Edge e : n.edges()) {
        if (e.withoutInput() && flow.nodes().containsKey(e.target())) {
          silent.add(e);
        }
      }
      graph.put(n.id(), silent);
    }
    List<String> order = new ArrayList<>(flow.nodes().keySet());
    Tarjan tarjan = new Tarjan(graph);
    for (String id : order) {
      tarjan.visit(id);
    }
    for (List<String> component : tarjan.components) {
      boolean cycle = component.size() > 1;
      if (!cycle) {
        String only = component.get(0);
        for (Edge e : graph.get(only)) {
          cycle |= e.target().equals(only);
        }
      }
      if (!cycle) {
        continue;
      }
      String first = order.stream().filter(component::contains).findFirst().orElseThrow();
      List<String> path = cyclePath(first, new HashSet<>(component), graph);
      Node node = flow.nodes().get(first);
      problems.atKey(node.pointer(), ErrorClass.ENDLESS_LOOP, describe(node) + " is on a loop a caller who "
          + "presses nothing would never leave: " + String.join(" ", path) + "; make one of these moves lead to a "
          + "hangup, transfer or voicemail");
    }
  }

  /** "a -(on-timeout)-> b -(next)-> a", by breadth-first search back to the start. */
  private static List<String> cyclePath(String start, Set<String> component, Map<String, List<Edge>> graph) {
    Map<String, Edge> via = new HashMap<>();
    Map<String, String> from = new HashMap<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(start);
    Set<String> seen = new HashSet<>();
    Edge closing = null;
    String closingFrom = null;
    while (!todo.isEmpty() && closing == null) {
      String id = todo.poll();
      if (!seen.add(id)) {
        continue;
      }
      for (Edge e : graph.get(id)) {
        if (!component.contains(e.target())) {
          continue;
        }
        if (e.target().equals(start)) {
          closing = e;
          closingFrom = id;
          break;
        }
        if (!from.containsKey(e.target())) {
          from.put(e.target(), id);
          via.put(e.target(), e);
          todo.add(e.target());
        }
      }
    }
    List<String> reversed = new ArrayList<>();
    reversed.add("-(" + closing.label() + ")-> " + start);
    String at = closingFrom;
    while (!at.equals(start)) {
      reversed.add("-(" + via.get(at).label() + ")-> " + at);
      at = from.get(at);
    }
    List<String> out = new ArrayList<>();
    out.add(start);
    for (int i = reversed.size() - 1; i >= 0; i--) {
      out.add(reversed.get(i));
    }
    return out;
  }

  /** Tarjan's strongly connected components, iterative enough for flows of a few hundred nodes. */
  private static final class Tarjan {
    private final Map<String, List<Edge>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    final List<List<String>> components = new ArrayList<>();
    private int counter;

    Tarjan(Map<String, List<Edge>> graph) {
      this.graph = graph;
    }

    void visit(String v) {
      if (index.containsKey(v)) {
        return;
      }
      index.put(v, counter);
      low.put(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      for (Edge e : graph.get(v)) {
        String w = e.target();
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        List<String> component = new ArrayList<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        components.add(component);
      }
    }
  }
}
