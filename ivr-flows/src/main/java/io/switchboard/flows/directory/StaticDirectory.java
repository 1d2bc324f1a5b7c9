package io.switchboard.flows.directory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fixed directory, read from a directory file by {@link DirectoryFile}: what the CLI, flow tests
 * and simulations validate and run flows against. Immutable and thread-safe.
 *
 * @param flows flow entries with their files resolved against the directory file's folder (a
 *     flow without a file has a null path)
 */
public record StaticDirectory(List<DirectoryUser> users, List<String> queues, List<String> mailboxes, List<FlowEntry> flows)
    implements Directory, FlowDirectory {

  /** A flow the directory knows, and where its file is (null when not given). */
  public record FlowEntry(String id, Path file) {}

  public StaticDirectory {
    users = List.copyOf(users);
    queues = List.copyOf(queues);
    mailboxes = List.copyOf(mailboxes);
    flows = List.copyOf(flows);
  }

  /** A directory with nothing in it. */
  public static StaticDirectory empty() {
    return new StaticDirectory(List.of(), List.of(), List.of(), List.of());
  }

  @Override
  public Optional<DirectoryUser> userByExtension(String extension) {
    return users.stream().filter(u -> !u.extension().isEmpty() && u.extension().equals(extension)).findFirst();
  }

  @Override
  public Set<String> queueIds() {
    return Set.copyOf(queues);
  }

  @Override
  public Set<String> userIds() {
    Set<String> ids = new LinkedHashSet<>();
    users.forEach(u -> ids.add(u.id()));
    return Set.copyOf(ids);
  }

  @Override
  public Set<String> extensions() {
    Map<String, String> byExtension = new LinkedHashMap<>();
    users.forEach(u -> {
      if (!u.extension().isEmpty()) {
        byExtension.put(u.extension(), u.id());
      }
    });
    return Set.copyOf(byExtension.keySet());
  }

  @Override
  public Set<String> flowIds() {
    Set<String> ids = new LinkedHashSet<>();
    flows.forEach(f -> ids.add(f.id()));
    return Set.copyOf(ids);
  }

  @Override
  public Set<String> mailboxIds() {
    return Set.copyOf(mailboxes);
  }
}
