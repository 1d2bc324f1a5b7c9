package io.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The FreeSWITCH config kit: every file is well-formed XML and says what the README says. */
class ConfigKitTest {

  static final Path KIT = Path.of("freeswitch");

  private static Document parse(Path p) throws Exception {
    String text = Files.readString(p);
    if (p.toString().endsWith(".example")) {
      text = "<snippet>" + text + "</snippet>"; // snippets to paste inside an existing element
    }
    var f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void every_kit_file_is_well_formed_xml() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(KIT)) {
      files = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(9);
    for (Path p : files) {
      assertThat(parse(p)).as(p.toString()).isNotNull();
    }
  }

  @Test
  void the_dialplan_parks_for_the_engine_and_the_socket_variant_uses_the_outbound_port() throws Exception {
    String park = Files.readString(KIT.resolve("dialplan/public/00_switchboard.xml"));
    assertThat(park).contains("application=\"park\"").doesNotContain("application=\"answer\"");
    String socket = Files.readString(KIT.resolve("dialplan/public/00_switchboard_socket.xml.example"));
    assertThat(socket).contains("application=\"socket\" data=\"127.0.0.1:8084 async full\"");
    String esl = Files.readString(KIT.resolve("autoload_configs/event_socket.conf.xml"));
    assertThat(esl).contains("value=\"8021\"").contains("listen-ip");
    assertThat(Files.readString(KIT.resolve("autoload_configs/local_stream.conf.xml")))
        .contains("directory name=\"moh\"");
  }
}
