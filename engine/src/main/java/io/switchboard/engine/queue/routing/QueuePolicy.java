package io.switchboard.engine.queue.routing;

import io.switchboard.engine.directory.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A queue's configuration: how it routes, how long callers wait and where they go otherwise, what
 * they hear, and the rules that protect agents.
 *
 * <p>Every component is validated at construction and all problems are reported together in an
 * {@link InvalidQueuePolicyException} (each {@link Problem#field()} is the component name, which is
 * also the key in the directory file). {@link #defaults()} gives what a contact center expects out
 * of the box. Created by the directory file loader or an admin command; journaled in {@link
 * QueueEvent.PolicyChanged}; immutable and thread-safe.
 *
 * @param routingMethod how an agent is chosen (default longest idle)
 * @param presenceBasedRouting offer calls only to agents whose presence is available (default on)
 * @param agentAlertTime how long an agent's phone rings before the offer counts as missed, 15 to
 *     180 s (default 30 s)
 * @param maxCallsWaiting calls that can wait at once, 0 to 200 (default 50); a call arriving when
 *     this many wait gets the overflow action (0: every call overflows)
 * @param overflowAction where calls go when the queue is full (default: prompt {@code queue-full}
 *     and disconnect)
 * @param timeout how long a caller waits at most, 0 to 45 min (default 20 min); 0 means no timeout,
 *     as in FreeSWITCH's mod_callcenter
 * @param timeoutAction where callers go at the timeout (default: prompt {@code queue-timeout} and
 *     disconnect)
 * @param noAgents what happens when no member is signed in and opted in (default: new calls hear
 *     {@code queue-no-agents} and are disconnected)
 * @param greeting prompt played once when the caller joins, or {@code null} for none
 * @param musicOnHold what callers hear while waiting (default {@code local_stream://moh},
 *     FreeSWITCH's stock music on hold)
 * @param announcements periodic position and estimated-wait announcements (default: position every
 *     60 s, no estimated wait)
 * @param wrapUpTime after-call work time before an agent is offered another call, 0 to 30 min
 *     (default 10 s)
 * @param callerPriorityRules rules giving matching calls a priority (first match wins)
 * @param missedOffersBeforeAway consecutive missed offers after which the agent is set away, 0 to
 *     20; 0 = never (default 3)
 * @param requiredSkills skills (name to minimum level 1-10) every call of this queue needs, used by
 *     {@link RoutingMethod#SKILLS}
 */
public record QueuePolicy(
    RoutingMethod routingMethod,
    boolean presenceBasedRouting,
    Duration agentAlertTime,
    int maxCallsWaiting,
    QueueAction overflowAction,
    Duration timeout,
    QueueAction timeoutAction,
    NoAgentsPolicy noAgents,
    String greeting,
    String musicOnHold,
    Announcements announcements,
    Duration wrapUpTime,
    List<CallerPriorityRule> callerPriorityRules,
    int missedOffersBeforeAway,
    Map<String, Integer> requiredSkills) {

  public static final Duration MIN_ALERT_TIME = Duration.ofSeconds(15);
  public static final Duration MAX_ALERT_TIME = Duration.ofSeconds(180);
  public static final int MAX_CALLS_WAITING_LIMIT = 200;
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(45);
  public static final Duration MAX_WRAP_UP = Duration.ofMinutes(30);
  public static final Duration MIN_ANNOUNCEMENT_INTERVAL = Duration.ofSeconds(15);
  public static final Duration MAX_ANNOUNCEMENT_INTERVAL = Duration.ofMinutes(10);
  public static final int MAX_MISSED_OFFERS = 20;
  public static final int MIN_PRIORITY = 0;
  public static final int MAX_PRIORITY = 9;
  public static final int MIN_SKILL_LEVEL = 1;
  public static final int MAX_SKILL_LEVEL = 10;

  private static final Pattern SKILL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  /** Validates every component and copies the collections. */
  public QueuePolicy {
    callerPriorityRules = callerPriorityRules == null ? List.of() : List.copyOf(callerPriorityRules);
    requiredSkills = requiredSkills == null ? Map.of() : Map.copyOf(requiredSkills);
    List<Problem> problems = new ArrayList<>();
    if (routingMethod == null) {
      problems.add(new Problem("routingMethod", "routing method is missing; use " + RoutingMethod.acceptedNames()));
    }
    checkRange(problems, "agentAlertTime", "agent alert time", agentAlertTime, MIN_ALERT_TIME, MAX_ALERT_TIME);
    if (maxCallsWaiting < 0 || maxCallsWaiting > MAX_CALLS_WAITING_LIMIT) {
      problems.add(
          new Problem(
              "maxCallsWaiting",
              "maximum calls waiting "
                  + maxCallsWaiting
                  + " is out of range; use 0 to "
                  + MAX_CALLS_WAITING_LIMIT));
    }
    if (overflowAction == null) {
      problems.add(new Problem("overflowAction", "overflow action is missing"));
    }
    checkRange(problems, "timeout", "timeout", timeout, Duration.ZERO, MAX_TIMEOUT);
    if (timeoutAction == null) {
      problems.add(new Problem("timeoutAction", "timeout action is missing"));
    }
    if (noAgents == null) {
      problems.add(new Problem("noAgents", "no-agents policy is missing"));
    }
    checkPrompt(problems, "greeting", greeting, true);
    checkPrompt(problems, "musicOnHold", musicOnHold, false);
    if (announcements == null) {
      problems.add(new Problem("announcements", "announcements are missing"));
    } else {
      checkRange(
          problems,
          "announcements",
          "announcement interval",
          announcements.interval(),
          MIN_ANNOUNCEMENT_INTERVAL,
          MAX_ANNOUNCEMENT_INTERVAL);
    }
    checkRange(problems, "wrapUpTime", "wrap-up time", wrapUpTime, Duration.ZERO, MAX_WRAP_UP);
    if (missedOffersBeforeAway < 0 || missedOffersBeforeAway > MAX_MISSED_OFFERS) {
      problems.add(
          new Problem(
              "missedOffersBeforeAway",
              "missed offers before away "
                  + missedOffersBeforeAway
                  + " is out of range; use 0 (never) to "
                  + MAX_MISSED_OFFERS));
    }
    for (Map.Entry<String, Integer> skill : new TreeMap<>(requiredSkills).entrySet()) {
      String skillProblem = skillProblem(skill.getKey(), skill.getValue());
      if (skillProblem != null) {
        problems.add(new Problem("requiredSkills", skillProblem));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidQueuePolicyException(problems);
    }
  }

  /** The policy a contact center expects when nothing is configured. */
  public static QueuePolicy defaults() {
    return new QueuePolicy(
        RoutingMethod.LONGEST_IDLE,
        true,
        Duration.ofSeconds(30),
        50,
        new QueueAction.Disconnect("queue-full"),
        Duration.ofMinutes(20),
        new QueueAction.Disconnect("queue-timeout"),
        new NoAgentsPolicy(NoAgentsPolicy.Mode.NEW_CALLS, new QueueAction.Disconnect("queue-no-agents")),
        null,
        "local_stream://moh",
        new Announcements(true, false, Duration.ofSeconds(60)),
        Duration.ofSeconds(10),
        List.of(),
        3,
        Map.of());
  }

  /**
   * What is wrong with a skill requirement or an agent skill, or {@code null} when it is valid:
   * names are 1-32 lower-case letters, digits, '_' or '-', levels are 1 to 10.
   */
  public static String skillProblem(String name, Integer level) {
    if (name == null || !SKILL_NAME.matcher(name).matches()) {
      return "skill name \"" + name + "\" is invalid; use 1-32 lower-case letters, digits, '_' or '-'";
    }
    if (level == null || level < MIN_SKILL_LEVEL || level > MAX_SKILL_LEVEL) {
      return "skill "
          + name
          + " has level "
          + level
          + "; use "
          + MIN_SKILL_LEVEL
          + " to "
          + MAX_SKILL_LEVEL;
    }
    return null;
  }

  /** Whether callers wait without limit ({@link #timeout()} is zero). */
  public boolean waitsForever() {
    return timeout.isZero();
  }

  /** The priority of a call: explicit, else the first matching rule, else the lowest. */
  public PriorityAssignment priorityOf(Integer explicit, String callerNumber, String dialedNumber) {
    if (explicit != null) {
      return new PriorityAssignment(explicit, "set by the caller's flow");
    }
    for (int i = 0; i < callerPriorityRules.size(); i++) {
      CallerPriorityRule rule = callerPriorityRules.get(i);
      if (rule.matches(callerNumber, dialedNumber)) {
        return new PriorityAssignment(rule.priority(), "caller priority rule " + (i + 1));
      }
    }
    return new PriorityAssignment(MIN_PRIORITY, "default");
  }

  /**
   * A call's priority and why.
   *
   * @param priority {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}, higher is served first
   * @param reason where it came from
   */
  public record PriorityAssignment(int priority, String reason) {}

  public QueuePolicy withRoutingMethod(RoutingMethod value) {
    return new QueuePolicy(value, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withPresenceBasedRouting(boolean value) {
    return new QueuePolicy(routingMethod, value, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withAgentAlertTime(Duration value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, value, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withMaxCallsWaiting(int value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, value, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withOverflowAction(QueueAction value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, value, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withTimeout(Duration value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, value, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withTimeoutAction(QueueAction value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, value, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withNoAgents(NoAgentsPolicy value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, value, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withGreeting(String value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, value, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withMusicOnHold(String value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, value, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withAnnouncements(Announcements value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, value, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withWrapUpTime(Duration value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, value, callerPriorityRules, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withCallerPriorityRules(List<CallerPriorityRule> value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, value, missedOffersBeforeAway, requiredSkills);
  }

  public QueuePolicy withMissedOffersBeforeAway(int value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, value, requiredSkills);
  }

  public QueuePolicy withRequiredSkills(Map<String, Integer> value) {
    return new QueuePolicy(routingMethod, presenceBasedRouting, agentAlertTime, maxCallsWaiting, overflowAction, timeout, timeoutAction, noAgents, greeting, musicOnHold, announcements, wrapUpTime, callerPriorityRules, missedOffersBeforeAway, value);
  }

  private static void checkRange(List<Problem> problems, String field, String label, Duration value, Duration min, Duration max) {
    if (value == null) {
      problems.add(new Problem(field, label + " is missing"));
    } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      problems.add(
          new Problem(
              field,
              label + " " + human(value) + " is out of range; use " + human(min) + " to " + human(max)));
    }
  }

  private static void checkPrompt(List<Problem> problems, String field, String value, boolean optional) {
    if (value == null) {
      if (!optional) {
        problems.add(new Problem(field, field + " is missing"));
      }
      return;
    }
    if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
      problems.add(new Problem(field, field + " \"" + value + "\" is blank or holds control characters"));
    }
  }

  /**
   * Renders a duration as an admin writes it in the directory file: {@code 45s}, {@code 2m},
   * {@code 1m30s}, {@code 2h}.
   */
  public static String human(Duration duration) {
    Objects.requireNonNull(duration);
    long total = duration.getSeconds();
    if (total == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder(total < 0 ? "-" : "");
    long seconds = Math.abs(total);
    if (seconds >= 3600) {
      sb.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      sb.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0) {
      sb.append(seconds % 60).append('s');
    }
    return sb.toString();
  }
}
