package io.switchboard.engine.queue.routing;

import java.util.Objects;

/**
 * What a queue does when none of its members is signed in and opted in.
 *
 * <p>Part of {@link QueuePolicy}; a value, thread-safe.
 *
 * @param mode when the action applies
 * @param action where the caller goes; required unless the mode is {@link Mode#KEEP_WAITING}
 */
public record NoAgentsPolicy(Mode mode, QueueAction action) {

  /** When the no-agents action applies. */
  public enum Mode {
    /** Callers wait anyway (until an agent signs in or the queue timeout). */
    KEEP_WAITING("keep-waiting"),
    /** Calls arriving while nobody is signed in get the action; callers already waiting stay. */
    NEW_CALLS("new-calls"),
    /**
     * New calls get the action, and so do the calls waiting when the last agent signs out or
     * opts out.
     */
    ALL_CALLS("all-calls");

    private final String configName;

    Mode(String configName) {
      this.configName = configName;
    }

    /** The name used in the directory file. */
    public String configName() {
      return configName;
    }

    /**
     * Parses a configuration name.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static Mode fromConfigName(String name) {
      for (Mode mode : values()) {
        if (mode.configName.equals(name)) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "no-agents mode \"" + name + "\" is unknown; use keep-waiting, new-calls or all-calls");
    }
  }

  /** Checks that an action is present whenever it can apply. */
  public NoAgentsPolicy {
    Objects.requireNonNull(mode, "mode");
    if (mode != Mode.KEEP_WAITING && action == null) {
      throw new IllegalArgumentException(
          "no-agents mode " + mode.configName() + " needs an action; give one, or use keep-waiting");
    }
  }

  /** Callers keep waiting when nobody is signed in. */
  public static NoAgentsPolicy keepWaiting() {
    return new NoAgentsPolicy(Mode.KEEP_WAITING, null);
  }
}
