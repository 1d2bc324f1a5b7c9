package io.switchboard.flows.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** File arguments and options shared by the flow subcommands. */
final class Inputs {
  private Inputs() {}

  /** Files as given, with directories expanded to the files ending in {@code suffix} below them. */
  static List<Path> expand(List<Path> given, String suffix, CommandLine cmd) {
    List<Path> out = new ArrayList<>();
    for (Path p : given) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f))
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "no " + suffix + " file found in " + given);
    }
    return out;
  }

  /** The clock for the schedule check: the given day (at 00:00 UTC) or the command's clock. */
  static Clock clock(FlowCommand root, String today, CommandLine cmd) {
    if (today == null) {
      return root.clock;
    }
    try {
      return Clock.fixed(LocalDate.parse(today).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new CommandLine.ParameterException(cmd, "--today '" + today + "' is not a date; write YYYY-MM-DD");
    }
  }
}
