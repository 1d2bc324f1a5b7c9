package io.switchboard.flows.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.graph.FlowGraph;
import io.switchboard.flows.graph.Graphviz;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The examples' drawings: every node and move appears, and, where Graphviz is installed (it is not
 * on a fresh build machine: the test is then skipped, and ivr-flows tests the SVG plumbing with a
 * stand-in), real {@code dot} accepts the DOT and renders SVG.
 */
class ExampleGraphsTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

  static CompiledFlow compile(String resource) {
    return FlowCompiler.create(CLOCK).compile(resource, ExampleFlows.read(resource)).flow().orElseThrow();
  }

  @Test
  void everyNodeAndMoveIsDrawn() {
    for (String resource : ExampleFlows.FLOWS) {
      var flow = compile(resource).definition();
      String mermaid = FlowGraph.mermaid(flow);
      String dot = FlowGraph.dot(flow);
      long moves = flow.nodes().values().stream().mapToLong(n -> n.edges().size()).sum() + 1;
      assertThat(mermaid.lines().filter(l -> l.contains("-->") || l.contains("-.->")).count()).as(resource).isEqualTo(moves);
      assertThat(dot.lines().filter(l -> l.contains(" -> ")).count()).as(resource).isEqualTo(moves);
      flow.nodes().keySet().forEach(id -> assertThat(dot).contains("\"" + id + "\" [label="));
    }
  }

  @Test
  void graphvizRendersEveryExampleWhenInstalled() throws Exception {
    Optional<Path> dot = Graphviz.findDot(System.getenv("PATH"));
    assumeTrue(dot.isPresent(), "Graphviz 'dot' is not installed here");
    for (String resource : ExampleFlows.FLOWS) {
      String svg = Graphviz.svg(dot.get(), FlowGraph.dot(compile(resource).definition()));
      assertThat(svg).as(resource).contains("<svg").contains("</svg>");
    }
  }
}
