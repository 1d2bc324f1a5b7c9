package io.switchboard.flows.cli;

import io.switchboard.flows.CompileResult;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.graph.FlowGraph;
import io.switchboard.flows.graph.Graphviz;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flow graph FILE}: the flow as a Mermaid flowchart, Graphviz DOT, or SVG. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"Draw a flow: Mermaid (default), Graphviz DOT, or SVG (through Graphviz 'dot' when installed).",
        "Dashed arrows are moves taken without a key press (timeouts, next, branches)."})
final class GraphCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { mermaid, dot, svg }

  @CommandLine.ParentCommand
  FlowCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the flow file")
  Path file;

  @Option(names = "--format", paramLabel = "FORMAT", description = "mermaid, dot or svg (default: ${DEFAULT-VALUE})")
  Format format = Format.mermaid;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to this file instead of standard output")
  Path output;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    PrintWriter err = cmd.getErr();
    CompileResult result = FlowCompiler.create(parent.clock).compile(file);
    if (result.flow().isEmpty()) {
      result.errors().forEach(err::println);
      err.println(file + " is not a valid flow (" + result.errors().size() + " error(s)); nothing drawn");
      err.flush();
      return 1;
    }
    var flow = result.flow().get().definition();
    String text;
    switch (format) {
      case mermaid -> text = FlowGraph.mermaid(flow);
      case dot -> text = FlowGraph.dot(flow);
      default -> {
        Optional<Path> dot = Graphviz.findDot(parent.environment.get("PATH"));
        if (dot.isEmpty()) {
          err.println("Graphviz 'dot' is not installed (not found on PATH), so no SVG; printing DOT instead. "
              + "Install Graphviz (Debian: apt-get install graphviz) for SVG.");
          err.flush();
          text = FlowGraph.dot(flow);
        } else {
          try {
            text = Graphviz.svg(dot.get(), FlowGraph.dot(flow));
          } catch (IOException e) {
            err.println("cannot draw SVG: " + e.getMessage());
            err.flush();
            return 1;
          }
        }
      }
    }
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
      cmd.getOut().println("wrote " + output);
    } else {
      cmd.getOut().print(text);
    }
    cmd.getOut().flush();
    return 0;
  }
}
