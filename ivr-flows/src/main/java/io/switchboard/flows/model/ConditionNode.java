package io.switchboard.flows.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Branches on facts of the call; the first branch whose tests all hold wins. */
public record ConditionNode(String id, List<Branch> branches, String otherwise) implements Node {

  public ConditionNode {
    branches = List.copyOf(branches);
  }

  /** A pattern over a text: glob (* and ?) or /regex/, compiled. */
  public record Matcher(String source, Pattern pattern) {
    public boolean matches(String value) {
      return pattern.matcher(value).matches();
    }
  }

  /**
   * Tests that must all hold; null or empty fields are not tested.
   *
   * @param present null: not tested
   */
  public record When(
      List<Matcher> caller,
      List<Matcher> callerName,
      List<Matcher> dialled,
      List<String> languages,
      String variable,
      String equalsValue,
      List<Matcher> matches,
      Boolean present) {
    public When {
      caller = List.copyOf(caller);
      callerName = List.copyOf(callerName);
      dialled = List.copyOf(dialled);
      languages = List.copyOf(languages);
      matches = List.copyOf(matches);
    }
  }

  /**
   * One branch.
   *
   * @param label the decision branch name: the given name, or when#N
   */
  public record Branch(int index, String label, When when, String next) {}

  @Override
  public String type() {
    return "condition";
  }

  @Override
  public List<Edge> edges() {
    List<Edge> out = new ArrayList<>();
    for (Branch b : branches) {
      if (b.next() != null) {
        out.add(new Edge(b.label(), b.next(), true, pointer() + "/branches/" + b.index() + "/next"));
      }
    }
    if (otherwise != null) {
      out.add(new Edge("otherwise", otherwise, true, pointer() + "/otherwise"));
    }
    return out;
  }
}
