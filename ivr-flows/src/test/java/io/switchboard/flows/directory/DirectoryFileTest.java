package io.switchboard.flows.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.FlowError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DirectoryFileTest {

  @Test
  void readsUsersQueuesMailboxesAndFlowsIgnoringOtherFields() {
    // given an engine configuration: more keys than flows need
    String yaml = """
        http: {port: 8080}
        users:
          - {id: alice, extension: 201, name: Alice Martin, endpoints: [sofia/alice]}
          - {id: bob, extension: "0203", name: Bob}
          - {id: carol}
        queues: [{id: support, routing: longest-idle}]
        mailboxes: [{id: general}]
        flows: [{id: main, file: flows/main.flow.yaml}, {id: nested}]
        """;

    // when
    DirectoryFile.Result result = DirectoryFile.parse("dir.yaml", yaml, Path.of("/etc/switchboard"));

    // then
    assertThat(result.errors()).isEmpty();
    StaticDirectory d = result.directory().orElseThrow();
    assertThat(d.users()).containsExactly(new DirectoryUser("alice", "201", "Alice Martin"),
        new DirectoryUser("bob", "0203", "Bob"), new DirectoryUser("carol", "", ""));
    assertThat(d.userByExtension("0203")).map(DirectoryUser::id).contains("bob");
    assertThat(d.userByExtension("203")).isEmpty();
    assertThat(d.extensions()).containsExactlyInAnyOrder("201", "0203");
    assertThat(d.queueIds()).containsExactly("support");
    assertThat(d.mailboxIds()).containsExactly("general");
    assertThat(d.flows()).containsExactly(
        new StaticDirectory.FlowEntry("main", Path.of("/etc/switchboard/flows/main.flow.yaml")),
        new StaticDirectory.FlowEntry("nested", null));
  }

  @Test
  void duplicatesAndMissingIdsAreErrors() {
    // given
    String yaml = """
        users:
          - {id: alice, extension: "201"}
          - {id: alan, extension: "201"}
          - {id: alice}
          - {name: nobody}
        queues: [{id: q}, {id: q}]
        """;

    // when
    DirectoryFile.Result result = DirectoryFile.parse("dir.yaml", yaml, null);

    // then
    assertThat(result.directory()).isEmpty();
    assertThat(result.errors()).extracting(FlowError::located).containsExactly(
        "3:27: user 'alan': extension 201 already belongs to user 'alice'; give each user their own extension [conflicting-fields]",
        "4:10: user 'alice' is listed twice (first as user 1); keep one entry per id [conflicting-fields]",
        "5:5: user 4: missing field 'id' (the id flows refer to) [missing-field]",
        "6:24: queue 'q' is listed twice (first as queue 1); keep one entry per id [conflicting-fields]");
  }
}
