package io.switchboard.agents;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.persistence.CborSerializable;
import io.switchboard.persistence.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An agent's rules, pure: {@link #decide} turns a command into events (or a rejection naming the
 * problem), {@link #evolve} applies an event. No Pekko here; {@link AgentEntity} is the
 * event-sourced adapter.
 *
 * <p>What an agent is, for routing:
 *
 * <ul>
 *   <li><b>Presence</b> with a reason, as the agent sets it ({@link SetPresence}). Signing in
 *       (leaving {@link Presence#OFFLINE}) makes the agent idle from then on.
 *   <li><b>Work</b>, overlaid by the engine: on a call the agent is {@link Presence#BUSY} whatever
 *       its presence, after a queue call in {@link Presence#WRAP_UP} for the queue's wrap-up time,
 *       then back to the presence it had set, idle since the end of the wrap-up.
 *   <li><b>The reservation lock</b>: a queue that wants to offer a call asks the agent to reserve
 *       itself ({@link Reserve}). The agent holds at most one reservation and is never reserved
 *       while on a call or in wrap-up, across all its queues, so it is never offered two calls at
 *       once. A reservation ends when the call starts ({@link StartCall}), when the queue releases
 *       it ({@link Release}), or at its expiry if neither happened (a lost release).
 *   <li><b>Queue memberships</b> from the directory ({@link Configure}), each with an opt-in flag
 *       the agent controls ({@link OptIn}, {@link OptOut}), and <b>skills</b> with levels.
 *   <li><b>Missed offers</b> in a row, across queues: counted when a queue releases a reservation
 *       as missed, reset when the agent answers a queue call or sets its presence. A queue that
 *       reaches its limit sets the agent away ({@link SetAway}).
 * </ul>
 *
 * <p>Time comes with each command ({@code at}), never from a clock, so replaying the journal gives
 * the same states. Duplicates and stale inputs are accepted without events. Every event bumps
 * {@link State#revision()}, which orders the status reports queues receive. All types are
 * immutable and thread-safe.
 */
public final class Agent {

  /** Longest presence reason accepted, so a reason fits a supervisor's screen and a log line. */
  public static final int MAX_REASON_LENGTH = 200;
  /** Skill levels go from 1 to this. */
  public static final int MAX_SKILL_LEVEL = 10;

  private Agent() {}

  // ---------------------------------------------------------------------------------------------
  // commands

  /** Inputs to the agent's rules; each carries the instant it happened at. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = SetPresence.class, name = "set-presence"),
    @JsonSubTypes.Type(value = SetAway.class, name = "set-away"),
    @JsonSubTypes.Type(value = Configure.class, name = "configure"),
    @JsonSubTypes.Type(value = OptIn.class, name = "opt-in"),
    @JsonSubTypes.Type(value = OptOut.class, name = "opt-out"),
    @JsonSubTypes.Type(value = Reserve.class, name = "reserve"),
    @JsonSubTypes.Type(value = Release.class, name = "release"),
    @JsonSubTypes.Type(value = StartCall.class, name = "start-call"),
    @JsonSubTypes.Type(value = EndCall.class, name = "end-call"),
    @JsonSubTypes.Type(value = FireTimers.class, name = "fire-timers")
  })
  public sealed interface Command extends CborSerializable
      permits SetPresence, SetAway, Configure, OptIn, OptOut, Reserve, Release, StartCall, EndCall, FireTimers {
    /** When it happened. */
    Instant at();
  }

  /**
   * The agent sets its presence. Resets the missed-offer count (the agent is back at its desk).
   *
   * @param reason why, free text (may be empty), at most {@value #MAX_REASON_LENGTH} characters
   */
  public record SetPresence(Presence presence, String reason, Instant at) implements Command {
    public SetPresence {
      Objects.requireNonNull(presence, "presence");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A queue sets the agent away because it missed too many offers in a row. Applies to a
   * signed-in agent that is not already away or in do-not-disturb; keeps the missed-offer count.
   */
  public record SetAway(String reason, Instant at) implements Command {
    public SetAway {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The directory says which queues the agent belongs to and which skills it has. A queue the
   * agent newly joins starts opted in; a queue it stays in keeps its opt-in flag.
   *
   * @param queueIds every queue the agent is a member of
   * @param skills skill name to level ({@value #MAX_SKILL_LEVEL} at most)
   */
  public record Configure(Set<String> queueIds, Map<String, Integer> skills, Instant at) implements Command {
    public Configure {
      queueIds = Set.copyOf(queueIds);
      skills = Map.copyOf(skills);
      Objects.requireNonNull(at, "at");
    }
  }

  /** The agent takes calls from a queue it is a member of. */
  public record OptIn(String queueId, Instant at) implements Command {
    public OptIn {
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The agent stops taking calls from a queue it is a member of (it stays a member). */
  public record OptOut(String queueId, Instant at) implements Command {
    public OptOut {
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A queue asks the agent to reserve itself for a call it is about to offer. Rejected (the
   * reservation is refused, with the reason) when the agent is signed out, not opted in to that
   * queue, on a call, in wrap-up or reserved for another call. The same request again is accepted
   * without events.
   *
   * @param requestId the queue's number for this request; the reply and the release name it, so a
   *     late message about an earlier request is never taken for this one
   * @param expiresAt when the reservation lapses if the queue neither starts the call nor releases
   *     it (a safety net against a lost release: the queue gives reservation time plus alert time)
   */
  public record Reserve(String callId, String queueId, long requestId, Instant expiresAt, Instant at) implements Command {
    public Reserve {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The queue ends its offer without the call starting. Releases only the reservation made for
   * that very request.
   *
   * @param requestId the request whose reservation ends
   * @param missed whether the agent missed the offer (no answer, declined, unreachable); counts
   *     towards the missed-offer limit
   */
  public record Release(String callId, String queueId, long requestId, boolean missed, Instant at) implements Command {
    public Release {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(queueId, "queueId");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The agent is on a call: a queue call it answered (confirms its reservation), or with {@code
   * queueId == null} a direct call (internal or outside) that no queue offered.
   */
  public record StartCall(String callId, String queueId, Instant at) implements Command {
    public StartCall {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A call of the agent ended; wrap-up follows for {@code wrapUp} (the queue's wrap-up time, zero
   * for a direct call).
   */
  public record EndCall(String callId, Duration wrapUp, Instant at) implements Command {
    public EndCall {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(wrapUp, "wrapUp");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Time has reached {@code at}: a reservation or a wrap-up due by then ends. */
  public record FireTimers(Instant at) implements Command {
    public FireTimers {
      Objects.requireNonNull(at, "at");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // events

  /** What happened to the agent; journaled. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = PresenceChanged.class, name = "presence-changed"),
    @JsonSubTypes.Type(value = SetAwayAfterMissedOffers.class, name = "set-away-after-missed-offers"),
    @JsonSubTypes.Type(value = QueuesChanged.class, name = "queues-changed"),
    @JsonSubTypes.Type(value = SkillsChanged.class, name = "skills-changed"),
    @JsonSubTypes.Type(value = OptInChanged.class, name = "opt-in-changed"),
    @JsonSubTypes.Type(value = ReservationMade.class, name = "reservation-made"),
    @JsonSubTypes.Type(value = ReservationReleased.class, name = "reservation-released"),
    @JsonSubTypes.Type(value = ReservationExpired.class, name = "reservation-expired"),
    @JsonSubTypes.Type(value = CallStarted.class, name = "call-started"),
    @JsonSubTypes.Type(value = CallEnded.class, name = "call-ended"),
    @JsonSubTypes.Type(value = WrapUpEnded.class, name = "wrap-up-ended")
  })
  public sealed interface Event extends CborSerializable
      permits PresenceChanged, SetAwayAfterMissedOffers, QueuesChanged, SkillsChanged, OptInChanged, ReservationMade,
          ReservationReleased, ReservationExpired, CallStarted, CallEnded, WrapUpEnded {
    /** When it happened. */
    Instant at();
  }

  /** The agent set its presence from {@code previous} to {@code presence}. */
  public record PresenceChanged(String agentId, Presence presence, Presence previous, String reason, Instant at)
      implements Event {}

  /** A queue set the agent away after {@code missedOffers} missed offers in a row. */
  public record SetAwayAfterMissedOffers(String agentId, Presence previous, int missedOffers, String reason, Instant at)
      implements Event {}

  /** The agent's queue memberships, queue id to opted in, as the directory now says. */
  public record QueuesChanged(String agentId, Map<String, Boolean> queues, Instant at) implements Event {
    public QueuesChanged {
      queues = Map.copyOf(queues);
    }
  }

  /** The agent's skills, name to level. */
  public record SkillsChanged(String agentId, Map<String, Integer> skills, Instant at) implements Event {
    public SkillsChanged {
      skills = Map.copyOf(skills);
    }
  }

  /** The agent opted in to (or out of) a queue. */
  public record OptInChanged(String agentId, String queueId, boolean optedIn, Instant at) implements Event {}

  /** The agent reserved itself for a call of a queue, until {@code expiresAt} at the latest. */
  public record ReservationMade(String agentId, String callId, String queueId, long requestId, Instant expiresAt, Instant at)
      implements Event {}

  /** The queue released the reservation; {@code missed}: the agent missed the offer. */
  public record ReservationReleased(String agentId, String callId, String queueId, long requestId, boolean missed,
      Instant at) implements Event {}

  /** The reservation lapsed: neither started nor released by its expiry. */
  public record ReservationExpired(String agentId, String callId, String queueId, long requestId, Instant at)
      implements Event {}

  /** The agent is on a call; {@code queueId} is {@code null} for a direct call. */
  public record CallStarted(String agentId, String callId, String queueId, Instant at) implements Event {}

  /**
   * A call of the agent ended.
   *
   * @param wrapUpUntil the end of the wrap-up that follows, or {@code null} for none
   */
  public record CallEnded(String agentId, String callId, String queueId, Instant wrapUpUntil, Instant at)
      implements Event {}

  /** The wrap-up ended at {@code at} (its scheduled end). */
  public record WrapUpEnded(String agentId, Instant at) implements Event {}

  // ---------------------------------------------------------------------------------------------
  // state

  /** A reservation the agent holds for a call of a queue, made for the queue's request {@code requestId}. */
  public record Reservation(String callId, String queueId, long requestId, Instant expiresAt, Instant since)
      implements CborSerializable {
    /** Whether this reservation is the one {@code queueId} made for {@code callId}. */
    public boolean isFor(String callId, String queueId) {
      return this.callId.equals(callId) && this.queueId.equals(queueId);
    }
  }

  /** A call the agent is on; {@code queueId} is {@code null} for a direct call. */
  public record ActiveCall(String callId, String queueId, Instant since) implements CborSerializable {}

  /**
   * The agent as routing and supervisors see it.
   *
   * @param agentId the entity id (a user id)
   * @param presence presence as the agent set it
   * @param reason the reason given with it
   * @param presenceSince when it was set, {@code null} before the first change
   * @param queues queue id to opted in, for every queue the agent is a member of
   * @param skills skill name to level
   * @param reservation the reservation held, or {@code null}
   * @param calls call id to the call, for every call the agent is on
   * @param wrapUpUntil end of the current wrap-up, or {@code null}
   * @param idleSince when the agent last became free (signed in, or a call and its wrap-up ended),
   *     {@code null} when never
   * @param missedOffers offers missed in a row
   * @param revision number of events applied: orders the agent's status reports
   */
  public record State(
      String agentId,
      Presence presence,
      String reason,
      Instant presenceSince,
      Map<String, Boolean> queues,
      Map<String, Integer> skills,
      Reservation reservation,
      Map<String, ActiveCall> calls,
      Instant wrapUpUntil,
      Instant idleSince,
      int missedOffers,
      long revision)
      implements CborSerializable {

    public State {
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(presence, "presence");
      Objects.requireNonNull(reason, "reason");
      queues = queues == null ? Map.of() : Map.copyOf(queues);
      skills = skills == null ? Map.of() : Map.copyOf(skills);
      calls = calls == null ? Map.of() : Map.copyOf(calls);
    }

    /** Not {@link Presence#OFFLINE}. */
    public boolean signedIn() {
      return presence != Presence.OFFLINE;
    }

    /** On at least one call, queue or direct. */
    public boolean onCall() {
      return !calls.isEmpty();
    }

    /**
     * The presence others see: {@link Presence#BUSY} on a call, {@link Presence#WRAP_UP} in
     * wrap-up, otherwise the presence the agent set.
     */
    public Presence effectivePresence() {
      if (onCall()) {
        return Presence.BUSY;
      }
      if (wrapUpUntil != null) {
        return Presence.WRAP_UP;
      }
      return presence;
    }

    /** Whether the agent belongs to {@code queueId}. */
    public boolean memberOf(String queueId) {
      return queues.containsKey(queueId);
    }

    /** What the agent tells queue {@code queueId} about itself. */
    public AgentReport reportFor(String queueId) {
      return new AgentReport(
          agentId,
          queueId,
          effectivePresence(),
          queues.getOrDefault(queueId, false),
          signedIn(),
          onCall(),
          reservation != null && !reservation.queueId().equals(queueId),
          wrapUpUntil,
          idleSince,
          skills,
          missedOffers,
          revision);
    }

    State next(
        Presence presence,
        String reason,
        Instant presenceSince,
        Map<String, Boolean> queues,
        Map<String, Integer> skills,
        Reservation reservation,
        Map<String, ActiveCall> calls,
        Instant wrapUpUntil,
        Instant idleSince,
        int missedOffers) {
      return new State(
          agentId, presence, reason, presenceSince, queues, skills, reservation, calls, wrapUpUntil, idleSince,
          missedOffers, revision + 1);
    }
  }

  /** An agent never seen before: offline, in no queue. */
  public static State initial(String agentId) {
    return new State(agentId, Presence.OFFLINE, "", null, Map.of(), Map.of(), null, Map.of(), null, null, 0, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // decide

  /** The events that {@code command} causes in {@code state}, or why it is rejected. */
  public static Decision<Event> decide(State state, Command command) {
    String id = state.agentId();
    if (command instanceof SetPresence c) {
      return decideSetPresence(state, c);
    }
    if (command instanceof SetAway c) {
      Presence p = state.presence();
      if (p == Presence.OFFLINE || p == Presence.AWAY || p == Presence.DO_NOT_DISTURB) {
        return Decision.noOp();
      }
      String problem = reasonProblem(c.reason().strip());
      if (problem != null) {
        return Decision.reject(problem);
      }
      return Decision.accept(new SetAwayAfterMissedOffers(id, p, state.missedOffers(), c.reason().strip(), c.at()));
    }
    if (command instanceof Configure c) {
      return decideConfigure(state, c);
    }
    if (command instanceof OptIn c) {
      return decideOpt(state, c.queueId(), true, c.at());
    }
    if (command instanceof OptOut c) {
      return decideOpt(state, c.queueId(), false, c.at());
    }
    if (command instanceof Reserve c) {
      Reservation held = state.reservation();
      if (held != null && held.isFor(c.callId(), c.queueId()) && held.requestId() == c.requestId()) {
        return Decision.noOp(); // asked again (a queue re-drives its offers after a restart)
      }
      String refusal = refusal(state, c);
      return refusal == null
          ? Decision.accept(new ReservationMade(id, c.callId(), c.queueId(), c.requestId(), c.expiresAt(), c.at()))
          : Decision.reject(refusal);
    }
    if (command instanceof Release c) {
      Reservation held = state.reservation();
      boolean matches = held != null && held.isFor(c.callId(), c.queueId()) && held.requestId() == c.requestId();
      return matches
          ? Decision.accept(new ReservationReleased(id, c.callId(), c.queueId(), c.requestId(), c.missed(), c.at()))
          : Decision.noOp();
    }
    if (command instanceof StartCall c) {
      return state.calls().containsKey(c.callId())
          ? Decision.noOp()
          : Decision.accept(new CallStarted(id, c.callId(), c.queueId(), c.at()));
    }
    if (command instanceof EndCall c) {
      if (c.wrapUp().isNegative()) {
        return Decision.reject("wrap-up time " + c.wrapUp() + " is negative; give zero or more");
      }
      ActiveCall call = state.calls().get(c.callId());
      if (call == null) {
        return Decision.noOp(); // ended already, or never reported as started
      }
      Instant wrapUpUntil = state.wrapUpUntil();
      if (!c.wrapUp().isZero()) {
        Instant end = c.at().plus(c.wrapUp());
        wrapUpUntil = wrapUpUntil == null || end.isAfter(wrapUpUntil) ? end : wrapUpUntil;
      }
      return Decision.accept(new CallEnded(id, c.callId(), call.queueId(), wrapUpUntil, c.at()));
    }
    if (command instanceof FireTimers c) {
      return decideTimers(state, c.at());
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /**
   * Why the agent cannot reserve itself for {@code reserve}, or {@code null} when it can. Checked
   * in this order: the request itself, membership and opt-in, signed in, on a call, wrap-up,
   * another reservation.
   */
  public static String refusal(State state, Reserve reserve) {
    if (!reserve.expiresAt().isAfter(reserve.at())) {
      return "the reservation for call " + reserve.callId() + " would expire at " + reserve.expiresAt()
          + ", not after it is requested at " + reserve.at();
    }
    Boolean optedIn = state.queues().get(reserve.queueId());
    if (optedIn == null) {
      return "not a member of queue " + reserve.queueId();
    }
    if (!optedIn) {
      return "opted out of queue " + reserve.queueId();
    }
    if (!state.signedIn()) {
      return "signed out";
    }
    if (state.onCall()) {
      return "on call " + String.join(", ", new TreeSet<>(state.calls().keySet()));
    }
    if (state.wrapUpUntil() != null && state.wrapUpUntil().isAfter(reserve.at())) {
      return "in wrap-up until " + state.wrapUpUntil();
    }
    Reservation held = state.reservation();
    // A newer request of the same queue for the same call supersedes the one it ended (its release
    // may still be on its way); anything else waits for the reservation to end.
    if (held != null && held.expiresAt().isAfter(reserve.at()) && !held.isFor(reserve.callId(), reserve.queueId())) {
      return "reserved for call " + held.callId() + " of queue " + held.queueId() + " until " + held.expiresAt();
    }
    return null;
  }

  /**
   * The next instant a timer must fire for: the reservation's expiry or the end of the wrap-up,
   * whichever comes first; empty when neither is pending.
   */
  public static Optional<Instant> nextDeadline(State state) {
    Instant reservationEnd = state.reservation() == null ? null : state.reservation().expiresAt();
    Instant wrapUpEnd = state.wrapUpUntil();
    if (reservationEnd == null) {
      return Optional.ofNullable(wrapUpEnd);
    }
    if (wrapUpEnd == null) {
      return Optional.of(reservationEnd);
    }
    return Optional.of(reservationEnd.isBefore(wrapUpEnd) ? reservationEnd : wrapUpEnd);
  }

  private static Decision<Event> decideSetPresence(State state, SetPresence set) {
    String reason = set.reason().strip();
    String problem = reasonProblem(reason);
    if (problem != null) {
      return Decision.reject(problem);
    }
    boolean stale = state.presenceSince() != null && set.at().isBefore(state.presenceSince());
    boolean unchanged = state.presence() == set.presence() && state.reason().equals(reason);
    if (stale || unchanged) {
      return Decision.noOp();
    }
    return Decision.accept(new PresenceChanged(state.agentId(), set.presence(), state.presence(), reason, set.at()));
  }

  private static String reasonProblem(String reason) {
    if (reason.length() > MAX_REASON_LENGTH) {
      return "presence reason is " + reason.length() + " characters long; shorten it to at most " + MAX_REASON_LENGTH;
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      return "presence reason contains a control character (line break, tab ...); use plain text";
    }
    return null;
  }

  private static Decision<Event> decideConfigure(State state, Configure c) {
    List<String> problems = new ArrayList<>();
    for (String queueId : new TreeSet<>(c.queueIds())) {
      if (queueId.isBlank()) {
        problems.add("a queue id is blank");
      }
    }
    for (Map.Entry<String, Integer> skill : new TreeMap<>(c.skills()).entrySet()) {
      if (skill.getKey().isBlank()) {
        problems.add("a skill name is blank");
      } else if (skill.getValue() == null || skill.getValue() < 1 || skill.getValue() > MAX_SKILL_LEVEL) {
        problems.add("skill " + skill.getKey() + " has level " + skill.getValue() + "; use 1 to " + MAX_SKILL_LEVEL);
      }
    }
    if (!problems.isEmpty()) {
      return Decision.reject("agent " + state.agentId() + ": " + String.join("; ", problems));
    }
    List<Event> events = new ArrayList<>();
    Map<String, Boolean> queues = new HashMap<>();
    for (String queueId : c.queueIds()) {
      queues.put(queueId, state.queues().getOrDefault(queueId, true));
    }
    if (!queues.equals(state.queues())) {
      events.add(new QueuesChanged(state.agentId(), queues, c.at()));
    }
    if (!c.skills().equals(state.skills())) {
      events.add(new SkillsChanged(state.agentId(), c.skills(), c.at()));
    }
    return Decision.acceptAll(events);
  }

  private static Decision<Event> decideOpt(State state, String queueId, boolean optIn, Instant at) {
    Boolean current = state.queues().get(queueId);
    if (current == null) {
      return Decision.reject("agent " + state.agentId() + " is not a member of queue " + queueId
          + (state.queues().isEmpty() ? "; it is in no queue" : "; it is in " + String.join(", ", new TreeSet<>(state.queues().keySet())))
          + " (memberships come from the directory's queues[].members)");
    }
    return current == optIn ? Decision.noOp() : Decision.accept(new OptInChanged(state.agentId(), queueId, optIn, at));
  }

  private static Decision<Event> decideTimers(State state, Instant now) {
    // Both deadlines may be due after a late timer: handle them in deadline order.
    List<Event> events = new ArrayList<>();
    Reservation held = state.reservation();
    Instant wrapUpEnd = state.wrapUpUntil();
    Event expiry = held != null && !held.expiresAt().isAfter(now)
        ? new ReservationExpired(state.agentId(), held.callId(), held.queueId(), held.requestId(), held.expiresAt())
        : null;
    Event wrapUp = wrapUpEnd != null && !wrapUpEnd.isAfter(now) ? new WrapUpEnded(state.agentId(), wrapUpEnd) : null;
    if (expiry != null && wrapUp != null && wrapUp.at().isBefore(expiry.at())) {
      events.add(wrapUp);
      events.add(expiry);
    } else {
      if (expiry != null) {
        events.add(expiry);
      }
      if (wrapUp != null) {
        events.add(wrapUp);
      }
    }
    return Decision.acceptAll(events);
  }

  // ---------------------------------------------------------------------------------------------
  // evolve

  /** {@code state} after {@code event}. */
  public static State evolve(State s, Event event) {
    if (event instanceof PresenceChanged e) {
      boolean signsIn = s.presence() == Presence.OFFLINE && e.presence() != Presence.OFFLINE;
      Instant idle = signsIn && !s.onCall() && s.wrapUpUntil() == null ? e.at() : s.idleSince();
      return s.next(e.presence(), e.reason(), e.at(), s.queues(), s.skills(), s.reservation(), s.calls(), s.wrapUpUntil(),
          idle, 0);
    }
    if (event instanceof SetAwayAfterMissedOffers e) {
      return s.next(Presence.AWAY, e.reason(), e.at(), s.queues(), s.skills(), s.reservation(), s.calls(), s.wrapUpUntil(),
          s.idleSince(), s.missedOffers());
    }
    if (event instanceof QueuesChanged e) {
      return s.next(s.presence(), s.reason(), s.presenceSince(), e.queues(), s.skills(), s.reservation(), s.calls(),
          s.wrapUpUntil(), s.idleSince(), s.missedOffers());
    }
    if (event instanceof SkillsChanged e) {
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), e.skills(), s.reservation(), s.calls(),
          s.wrapUpUntil(), s.idleSince(), s.missedOffers());
    }
    if (event instanceof OptInChanged e) {
      Map<String, Boolean> queues = new HashMap<>(s.queues());
      queues.put(e.queueId(), e.optedIn());
      return s.next(s.presence(), s.reason(), s.presenceSince(), queues, s.skills(), s.reservation(), s.calls(),
          s.wrapUpUntil(), s.idleSince(), s.missedOffers());
    }
    if (event instanceof ReservationMade e) {
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), s.skills(),
          new Reservation(e.callId(), e.queueId(), e.requestId(), e.expiresAt(), e.at()), s.calls(), s.wrapUpUntil(), s.idleSince(),
          s.missedOffers());
    }
    if (event instanceof ReservationReleased e) {
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), s.skills(), null, s.calls(), s.wrapUpUntil(),
          s.idleSince(), e.missed() ? s.missedOffers() + 1 : s.missedOffers());
    }
    if (event instanceof ReservationExpired) {
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), s.skills(), null, s.calls(), s.wrapUpUntil(),
          s.idleSince(), s.missedOffers());
    }
    if (event instanceof CallStarted e) {
      Map<String, ActiveCall> calls = new HashMap<>(s.calls());
      calls.put(e.callId(), new ActiveCall(e.callId(), e.queueId(), e.at()));
      Reservation held = s.reservation();
      Reservation reservation = held != null && held.callId().equals(e.callId()) ? null : held;
      int missed = e.queueId() == null ? s.missedOffers() : 0;
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), s.skills(), reservation, calls,
          s.wrapUpUntil(), s.idleSince(), missed);
    }
    if (event instanceof CallEnded e) {
      Map<String, ActiveCall> calls = new HashMap<>(s.calls());
      calls.remove(e.callId());
      Instant idle = calls.isEmpty() && e.wrapUpUntil() == null ? e.at() : s.idleSince();
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), s.skills(), s.reservation(), calls,
          e.wrapUpUntil(), idle, s.missedOffers());
    }
    if (event instanceof WrapUpEnded e) {
      Instant idle = s.onCall() ? s.idleSince() : e.at();
      return s.next(s.presence(), s.reason(), s.presenceSince(), s.queues(), s.skills(), s.reservation(), s.calls(), null,
          idle, s.missedOffers());
    }
    throw new IllegalArgumentException("unknown event " + event);
  }
}
