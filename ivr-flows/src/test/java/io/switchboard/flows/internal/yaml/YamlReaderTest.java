package io.switchboard.flows.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

  private final YamlReader reader = new YamlReader();

  @Test
  void recordsThePositionOfEveryKeyAndValue() {
    // given
    String text = "a: 1\nnodes:\n  main:\n    options:\n      \"1\": x\n    list: [p, q]\n";

    // when
    YamlDocument doc = reader.read("f.yaml", text).document().orElseThrow();

    // then
    assertThat(doc.keyPos("/nodes/main")).isEqualTo(new Pos(3, 3));
    assertThat(doc.valuePos("/nodes/main/options/1")).isEqualTo(new Pos(5, 12));
    assertThat(doc.keyPos("/nodes/main/options/1")).isEqualTo(new Pos(5, 7));
    assertThat(doc.valuePos("/nodes/main/list/1")).isEqualTo(new Pos(6, 15));
    assertThat(doc.root().at("/a").isInt()).isTrue();
  }

  @Test
  void keepsScalarTextAsWritten() {
    // given leading zeros that a number would lose
    YamlDocument doc = reader.read("f.yaml", "ext: 007\nbool: yes\nnull: ~\n").document().orElseThrow();

    // then
    assertThat(doc.raw("/ext")).contains("007");
    assertThat(doc.root().get("bool").isTextual()).as("YAML 1.2: yes is text").isTrue();
    assertThat(doc.root().get("null").isNull()).isTrue();
  }

  @Test
  void reportsEveryDuplicateKeyAtItsOwnPosition() {
    // given
    String text = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";

    // when
    YamlReader.Result result = reader.read("f.yaml", text);

    // then
    assertThat(result.errors()).extracting(FlowError::toString).containsExactly(
        "f.yaml:4:3: duplicate key 'c' (first at line 3); keep only one of them [duplicate-key]",
        "f.yaml:5:1: duplicate key 'a' (first at line 1); keep only one of them [duplicate-key]");
    assertThat(result.document()).isPresent();
  }

  @Test
  void locatesSyntaxErrors() {
    // when
    YamlReader.Result result = reader.read("f.yaml", "a: [1, 2\nb: 3\n");

    // then
    assertThat(result.document()).isEmpty();
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.errorClass()).isEqualTo(ErrorClass.YAML_SYNTAX);
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.column()).isEqualTo(2);
    });
  }

  @Test
  void explainsUnquotedStarAndHash() {
    // when
    YamlReader.Result star = reader.read("f.yaml", "options:\n  *: x\n");
    YamlReader.Result hash = reader.read("f.yaml", "options:\n  \"1\": a\n  #: b\n");

    // then
    assertThat(star.errors()).extracting(FlowError::located)
        .containsExactly("2:3: an unquoted * starts a YAML alias; quote the key or value: \"*\" [yaml-syntax]");
    assertThat(hash.errors()).extracting(FlowError::located).containsExactly(
        "3:3: an unquoted # starts a YAML comment, so this line is ignored; quote the key: \"#\": [yaml-syntax]");
  }

  @Test
  void refusesEmptyFilesAndTabs() {
    assertThat(reader.read("f.yaml", "").errors()).extracting(FlowError::located)
        .containsExactly("1:1: the file is empty; it must hold a YAML mapping [yaml-syntax]");
    assertThat(reader.read("f.yaml", "a:\n\tb: 1\n").errors()).extracting(FlowError::located)
        .containsExactly("2:1: a tab cannot indent YAML; indent with spaces [yaml-syntax]");
  }

  @Test
  void pointersEscapeSlashAndTilde() {
    assertThat(Pointers.child("/a", "x/y~z")).isEqualTo("/a/x~1y~0z");
    assertThat(Pointers.segments("/a/x~1y~0z")).containsExactly("a", "x/y~z");
    assertThat(Pointers.parent("/a/b")).isEqualTo("/a");
  }
}
