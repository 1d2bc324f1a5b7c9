package io.switchboard.media.esl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The module carries a copy of the shared captures so that a clone elsewhere still has them;
 * where the shared directory is present (the POM passes its location), the copy must be equal.
 */
class TranscriptCopyTest {

  @Test
  void the_test_resource_copy_equals_the_shared_captures() throws IOException {
    String dir = System.getProperty("switchboard.esl.transcripts");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared/esl not beside the repository; the module's copy is used alone");
    for (String f : Transcript.FILES) {
      byte[] shared = Files.readAllBytes(Path.of(dir, f));
      try (InputStream in = getClass().getResourceAsStream("/esl/" + f)) {
        assertThat(in).as(f).isNotNull();
        assertThat(in.readAllBytes()).as(f).isEqualTo(shared);
      }
    }
  }
}
