package io.switchboard.flows.directory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What a flow may refer to, for validation at load: queues, users (by id and extension), flows and
 * mailboxes. Given to {@link io.switchboard.flows.FlowCompiler#withDirectory}; without one,
 * references are not checked.
 *
 * <p>The engine implements it over its configuration; {@link StaticDirectory} over a directory file.
 */
public interface FlowDirectory {

  Set<String> queueIds();

  Set<String> userIds();

  Set<String> extensions();

  Set<String> flowIds();

  Set<String> mailboxIds();

  /** This directory, also knowing the given flow ids (flows validated together). */
  default FlowDirectory withFlows(Collection<String> moreFlowIds) {
    FlowDirectory self = this;
    Set<String> flows = new HashSet<>(self.flowIds());
    flows.addAll(moreFlowIds);
    Set<String> all = Set.copyOf(flows);
    return new FlowDirectory() {
      @Override
      public Set<String> queueIds() {
        return self.queueIds();
      }

      @Override
      public Set<String> userIds() {
        return self.userIds();
      }

      @Override
      public Set<String> extensions() {
        return self.extensions();
      }

      @Override
      public Set<String> flowIds() {
        return all;
      }

      @Override
      public Set<String> mailboxIds() {
        return self.mailboxIds();
      }
    };
  }
}
