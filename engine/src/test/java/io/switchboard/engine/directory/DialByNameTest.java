package io.switchboard.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.directory.DialByName.By;
import io.switchboard.engine.directory.DialByName.Entry;
import io.switchboard.engine.directory.DirectoryCommand.AddUser;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialByNameTest {

  @Test
  void names_become_keypad_digits_with_accents_folded_and_punctuation_skipped() {
    assertThat(DialByName.keypadDigits("Alice")).isEqualTo("25423");
    assertThat(DialByName.keypadDigits("Zoë O'Brien")).isEqualTo("963627436");
    assertThat(DialByName.keypadDigits("José-María")).isEqualTo("567362742");
    assertThat(DialByName.keypadDigits("R2 D2")).isEqualTo("7232");
    assertThat(DialByName.keypadDigits("Ωμέγα")).isEmpty();
  }

  @Test
  void the_index_lists_only_directory_users_and_searches_by_last_or_first_name() {
    // given
    DirectoryState state = DirectoryState.EMPTY;
    for (AddUser user : List.of(
        new AddUser("alice", "1001", "Alice Martin", List.of("user/1001"), true),
        new AddUser("mark", "1002", "Mark Marsh", List.of("user/1002"), true),
        new AddUser("bob", "1003", "Bob Martinez", List.of("user/1003"), true),
        new AddUser("lobby", "1004", "Lobby Phone", List.of("user/1004"), false))) {
      state = DirectoryDomain.evolveAll(state, DirectoryDomain.decide(state, user).events());
    }

    // when
    List<Entry> index = DialByName.index(state);

    // then: "627" is MAR
    assertThat(index).extracting(Entry::userId).containsExactly("mark", "alice", "bob");
    assertThat(DialByName.search(index, "627", By.LAST_NAME, 10)).extracting(Entry::userId).containsExactly("mark", "alice", "bob");
    assertThat(DialByName.search(index, "6278", By.LAST_NAME, 10)).extracting(Entry::userId).containsExactly("alice", "bob");
    assertThat(DialByName.search(index, "627", By.FIRST_NAME, 10)).extracting(Entry::userId).containsExactly("mark");
    assertThat(DialByName.search(index, "2", By.EITHER, 10)).extracting(Entry::userId).containsExactly("alice", "bob");
    assertThat(DialByName.search(index, "627", By.LAST_NAME, 2)).hasSize(2);
    assertThat(index.get(1)).isEqualTo(new Entry("alice", "Alice Martin", "1001", "25423", "627846"));
    assertThatThrownBy(() -> DialByName.search(index, "62a", By.LAST_NAME, 5)).hasMessage("dial by name takes keypad digits, got \"62a\"");
  }
}
