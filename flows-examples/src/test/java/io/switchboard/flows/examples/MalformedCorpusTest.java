package io.switchboard.flows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowCompiler;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.directory.DirectoryFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file of the malformed corpus ends with "# expect: line:column: message [class]" comments:
 * exactly the errors the compiler must report for it, in order. The files are compiled against the
 * examples' directory, from a fixed first day for the schedule check.
 */
class MalformedCorpusTest {

  static final Path CORPUS = Path.of("src/test/resources/malformed");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
  static final String EXPECT = "# expect: ";

  static Stream<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(f -> f.toString().endsWith(".flow.yaml")).sorted().toList().stream();
    }
  }

  static List<String> expected(Path file) throws IOException {
    // Latin-1 reads every byte, so expectations are found even in the file that is not UTF-8
    return Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
        .filter(l -> l.startsWith(EXPECT))
        .map(l -> l.substring(EXPECT.length()))
        .toList();
  }

  static FlowCompiler compiler() {
    return FlowCompiler.create(CLOCK)
        .withDirectory(DirectoryFile.load(Path.of("src/main/resources/flows/directory.yaml")).directory().orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void givesExactlyTheExpectedErrors(Path file) throws IOException {
    // given
    List<String> expected = expected(file);

    // when
    List<String> actual = compiler().compile(file).errors().stream().map(FlowError::located).toList();

    // then
    assertThat(expected).as("a corpus file states its errors").isNotEmpty();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void theCorpusHasAtLeastThirtyFilesAndShowsEveryCompileErrorClass() throws IOException {
    // given
    List<Path> files = corpus().toList();
    Set<ErrorClass> shown = EnumSet.noneOf(ErrorClass.class);

    // when
    for (Path f : files) {
      for (String e : expected(f)) {
        String code = e.substring(e.lastIndexOf('[') + 1, e.length() - 1);
        for (ErrorClass c : ErrorClass.values()) {
          if (c.code().equals(code)) {
            shown.add(c);
          }
        }
      }
    }

    // then: every class but the flow tests' own
    assertThat(files).hasSizeGreaterThanOrEqualTo(30);
    assertThat(EnumSet.complementOf(EnumSet.copyOf(shown))).containsExactly(ErrorClass.TEST_FAILURE);
  }
}
