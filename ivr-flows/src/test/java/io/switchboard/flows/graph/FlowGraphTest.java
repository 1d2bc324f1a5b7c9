package io.switchboard.flows.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.TestFlows;
import io.switchboard.flows.model.Flow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowGraphTest {

  static final Flow FLOW = TestFlows.valid("""
      flow: g
      language: en-US
      start: menu
      prompts:
        greeting: {say: Hi}
      nodes:
        menu:
          type: menu
          prompt: greeting
          options: {"1": q1, "#": bye}
          on-timeout: bye
        q1:
          type: transfer
          queue: support
        bye:
          type: hangup
      """).definition();

  @Test
  void mermaidHasOneBoxPerNodeAndOneArrowPerMove() {
    // when
    String mermaid = FlowGraph.mermaid(FLOW);

    // then
    assertThat(mermaid).isEqualTo("""
        flowchart TD
          start(("g"))
          n0["menu<br/>menu: greeting"]
          n1(["q1<br/>transfer to queue support"])
          n2(["bye<br/>hang up (NORMAL_CLEARING)"])
          start --> n0
          n0 -->|"1"| n1
          n0 -->|"#35;"| n2
          n0 -.->|"on-timeout"| n2
        """);
  }

  @Test
  void dotQuotesEverything() {
    // when
    String dot = FlowGraph.dot(FLOW);

    // then
    assertThat(dot).contains("digraph \"g\" {")
        .contains("\"menu\" [label=\"menu\\nmenu: greeting\"];")
        .contains("\"q1\" [label=\"q1\\ntransfer to queue support\", style=\"rounded,bold\"];")
        .contains("\"(start)\" -> \"menu\";")
        .contains("\"menu\" -> \"bye\" [label=\"#\"];")
        .contains("\"menu\" -> \"bye\" [label=\"on-timeout\", style=dashed];");
    assertThat(FlowGraph.dotString("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
    assertThat(FlowGraph.mermaidText("<\"#\">")).isEqualTo("#lt;#quot;#35;#quot;#gt;");
  }

  @Test
  void findsDotOnThePathAndRunsIt(@TempDir Path dir) throws Exception {
    // given a stand-in for Graphviz that echoes its input inside an svg element
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path dot = bin.resolve("dot");
    Files.writeString(dot, "#!/bin/sh\n[ \"$1\" = \"-Tsvg\" ] || exit 3\necho '<svg>'; cat; echo '</svg>'\n");
    Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));

    // when
    var found = Graphviz.findDot(dir.resolve("nothing") + ":" + bin);

    // then
    assertThat(found).contains(dot);
    assertThat(Graphviz.findDot(dir.toString())).isEmpty();
    assertThat(Graphviz.svg(dot, "digraph {}")).isEqualTo("<svg>\ndigraph {}</svg>\n");
  }
}
