package io.switchboard.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The format reference (README.md) shows every node type as a fragment of one flow, "reference":
 * put together under its header, the fragments must compile, and so must every complete flow the
 * document shows. The documentation cannot drift from what the compiler accepts.
 */
class ReadmeExamplesTest {

  static final Pattern BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
  static final Pattern FRAGMENT = Pattern.compile("^  [A-Za-z][A-Za-z0-9_-]*:\n    type: ", Pattern.DOTALL);

  static List<String> blocks() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theNodeExamplesMakeOneValidFlowWithEveryNodeType() throws Exception {
    // given
    String header = null;
    StringBuilder nodes = new StringBuilder();
    for (String block : blocks()) {
      if (block.startsWith("flow: reference\n")) {
        header = block;
      } else if (FRAGMENT.matcher(block).lookingAt()) {
        nodes.append(block).append('\n');
      }
    }
    assertThat(header).as("the reference flow's header").isNotNull();

    // when
    CompiledFlow flow = TestFlows.valid(header + nodes);

    // then
    TreeSet<String> types = new TreeSet<>();
    for (Node n : flow.definition().nodes().values()) {
      types.add(n.type());
    }
    assertThat(types).containsExactlyInAnyOrder("menu", "play", "collect", "schedule", "dial-by-extension",
        "dial-by-name", "transfer", "condition", "set", "voicemail", "hangup");
  }

  @Test
  void everyCompleteFlowInTheDocumentCompiles() throws Exception {
    int flows = 0;
    for (String block : blocks()) {
      String body = block.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
      if (body.startsWith("flow: ") && !body.startsWith("flow: reference") && !body.contains("\ntests:")) {
        TestFlows.valid(block);
        flows++;
      }
    }
    assertThat(flows).isPositive();
  }
}
