package io.switchboard.engine.call;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.switchboard.flows.FlowState;
import io.switchboard.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A call's journey as {@link CallDomain#evolve} folds it from the journal: who called, the legs
 * the call owns on FreeSWITCH, where the caller is now ({@link Stage}), the flow that runs for
 * them, call variables, what plays, the timers and who is held or muted.
 *
 * <p>Immutable: every change is a copy ({@code withX}). Jackson-serialisable for snapshots and
 * for the HTTP API. Maps are sorted so that two equal states serialise identically.
 *
 * @param callId the journey id (the entity id)
 * @param status new, active or ended
 * @param origin how the call started, {@code null} while new
 * @param settings the engine's call settings when the call started, {@code null} while new
 * @param callerLeg the caller's channel, {@code null} until known (a placed call: once answered)
 * @param legs every leg the call owns, by channel uuid
 * @param stage where the caller is now
 * @param flow the flow in charge of the caller, or that handed them over and still waits for a
 *     possible failure of that transfer; {@code null} when none
 * @param variables call variables (set by flows, passed to nested flows)
 * @param language the call's language, empty until a flow decides
 * @param playback what plays to the caller now, or {@code null}
 * @param timers armed timers: id to deadline
 * @param held parties on hold
 * @param muted parties muted
 * @param steps inputs handled so far; new ids are derived from it, so ids are reproducible
 */
public record CallState(
    String callId,
    Status status,
    Origin origin,
    CallSettings settings,
    String callerLeg,
    Map<String, Leg> legs,
    Stage stage,
    FlowRun flow,
    Map<String, String> variables,
    String language,
    Playback playback,
    Map<String, Instant> timers,
    Set<CallInput.Party> held,
    Set<CallInput.Party> muted,
    long steps) implements CborSerializable {

  public CallState {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(status, "status");
    legs = legs == null ? Map.of() : sorted(legs);
    Objects.requireNonNull(stage, "stage");
    variables = variables == null ? Map.of() : sorted(variables);
    language = language == null ? "" : language;
    timers = timers == null ? Map.of() : sorted(timers);
    held = held == null ? Set.of() : Set.copyOf(new TreeSet<>(held));
    muted = muted == null ? Set.of() : Set.copyOf(new TreeSet<>(muted));
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }

  /** A call nothing has happened to. */
  public static CallState initial(String callId) {
    return new CallState(callId, Status.NEW, null, null, null, Map.of(), new Stage.NotStarted(), null, Map.of(), "",
        null, Map.of(), Set.of(), Set.of(), 0);
  }

  /** The call's lifecycle. */
  public enum Status {
    NEW,
    ACTIVE,
    ENDED
  }

  /** How the call started. */
  public enum OriginKind {
    /** From outside (a carrier): only the organisation's own numbers are reachable. */
    INBOUND,
    /** From one of the organisation's phones, parked by the internal dialplan. */
    INTERNAL,
    /** Placed through the API for a user: their phone rings first. */
    PLACED
  }

  /**
   * Who called whom, fixed when the call starts.
   *
   * @param nodeId the FreeSWITCH node every leg of the call is on
   * @param callerNumber the caller id number as received (or the placing user's extension)
   * @param callerName the caller id name as received, possibly empty
   * @param dialed the digits the caller dialled
   * @param callerUserId the calling user of an internal or placed call, else {@code null}
   */
  public record Origin(OriginKind kind, String nodeId, String callerNumber, String callerName, String dialed,
      String callerUserId, Instant startedAt) implements CborSerializable {
    public Origin {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(nodeId, "nodeId");
      callerNumber = callerNumber == null ? "" : callerNumber;
      callerName = callerName == null ? "" : callerName;
      dialed = dialed == null ? "" : dialed;
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /** What a leg is for. */
  public enum Role {
    /** The caller's own channel. */
    CALLER,
    /** One of a placing user's phones, ringing; the first to answer becomes the caller's leg. */
    CALLER_CANDIDATE,
    /** An agent's phone offered the call by a queue. */
    AGENT,
    /** A user's phone, called directly. */
    USER,
    /** An outside number through a gateway. */
    OUTSIDE
  }

  /**
   * One channel the call owns.
   *
   * @param queueId the offering queue of an agent leg, else {@code null}
   * @param agentId the agent (user) of an agent leg, else {@code null}
   * @param userId the user of a user or caller-candidate leg, else {@code null}
   * @param gatewayId the gateway of an outside leg, else {@code null}
   * @param answeredAt when it answered, or {@code null}
   * @param releasedWith the cause the engine hung it up with, or {@code null} (its end is then
   *     awaited: a released leg is not hung up twice)
   * @param endedCause the hang-up cause once it ended, or {@code null} while it lives
   */
  public record Leg(String uuid, Role role, String queueId, String agentId, String userId, String gatewayId,
      Instant answeredAt, String releasedWith, String endedCause) implements CborSerializable {
    public Leg {
      Objects.requireNonNull(uuid, "uuid");
      Objects.requireNonNull(role, "role");
    }

    /** A new leg of the given role, neither answered nor ended. */
    public static Leg of(String uuid, Role role, String queueId, String agentId, String userId, String gatewayId) {
      return new Leg(uuid, role, queueId, agentId, userId, gatewayId, null, null, null);
    }

    @JsonIgnore
    public boolean answered() {
      return answeredAt != null;
    }

    @JsonIgnore
    public boolean ended() {
      return endedCause != null;
    }

    @JsonIgnore
    public boolean released() {
      return releasedWith != null;
    }

    public Leg withAnsweredAt(Instant at) {
      return new Leg(uuid, role, queueId, agentId, userId, gatewayId, at, releasedWith, endedCause);
    }

    public Leg withReleasedWith(String cause) {
      return new Leg(uuid, role, queueId, agentId, userId, gatewayId, answeredAt, cause, endedCause);
    }

    public Leg withEndedCause(String cause) {
      return new Leg(uuid, role, queueId, agentId, userId, gatewayId, answeredAt, releasedWith, cause);
    }

    public Leg withRole(Role value) {
      return new Leg(uuid, value, queueId, agentId, userId, gatewayId, answeredAt, releasedWith, endedCause);
    }
  }

  /**
   * A flow in charge of the caller, pinned to the version it started on.
   *
   * @param state where the caller is in the flow
   */
  public record FlowRun(String flowId, String version, FlowState state) implements CborSerializable {
    public FlowRun {
      Objects.requireNonNull(flowId, "flowId");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(state, "state");
    }

    public FlowRun withState(FlowState value) {
      return new FlowRun(flowId, version, value);
    }
  }

  /** Why something plays to the caller; decides what happens when it ends. */
  public enum Purpose {
    /** A flow's prompt: its end is fed back to the flow. */
    FLOW,
    /** A queue's greeting: music follows. */
    QUEUE_GREETING,
    /** Music on hold: plays until broken. */
    MUSIC,
    /** A queue position announcement: music follows. */
    ANNOUNCEMENT,
    /** Ringback while a user or an outside number rings. */
    RINGBACK,
    /** A mailbox greeting and the beep: recording follows. */
    VOICEMAIL_GREETING,
    /** The last words before the engine hangs up. */
    FINAL
  }

  /**
   * What plays to the caller: one or more applications, the last of which ends the playback.
   *
   * @param id the flow's playback id, or one the engine derived
   * @param lastApplication the Application-UUID whose completion ends it
   */
  public record Playback(String id, Purpose purpose, String leg, String lastApplication) implements CborSerializable {}

  /** Where the caller is. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "stage")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Stage.NotStarted.class, name = "not-started"),
    @JsonSubTypes.Type(value = Stage.Placing.class, name = "placing"),
    @JsonSubTypes.Type(value = Stage.InFlow.class, name = "in-flow"),
    @JsonSubTypes.Type(value = Stage.Queued.class, name = "queued"),
    @JsonSubTypes.Type(value = Stage.RingingUser.class, name = "ringing-user"),
    @JsonSubTypes.Type(value = Stage.RingingOutside.class, name = "ringing-outside"),
    @JsonSubTypes.Type(value = Stage.Connected.class, name = "connected"),
    @JsonSubTypes.Type(value = Stage.Voicemail.class, name = "voicemail"),
    @JsonSubTypes.Type(value = Stage.Closing.class, name = "closing"),
    @JsonSubTypes.Type(value = Stage.Ended.class, name = "ended")
  })
  public sealed interface Stage extends CborSerializable {

    /** Nothing yet. */
    record NotStarted() implements Stage {}

    /** A placed call: the user's phones ring; once one answers, the call goes to {@code route}. */
    record Placing(String userId, Route route) implements Stage {}

    /** A flow talks with the caller. */
    record InFlow() implements Stage {}

    /**
     * Waiting in a queue, with the agents being offered the call now.
     *
     * @param music what the caller hears between announcements
     * @param offers agent id to the offer's legs
     */
    record Queued(String queueId, String music, Map<String, Offer> offers) implements Stage {
      public Queued {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(music, "music");
        offers = offers == null ? Map.of() : sorted(offers);
      }

      public Queued withOffer(Offer offer) {
        Map<String, Offer> copy = new LinkedHashMap<>(offers);
        copy.put(offer.agentId(), offer);
        return new Queued(queueId, music, copy);
      }

      public Queued withoutOffer(String agentId) {
        Map<String, Offer> copy = new LinkedHashMap<>(offers);
        copy.remove(agentId);
        return new Queued(queueId, music, copy);
      }
    }

    /**
     * An agent's phones ring for the call.
     *
     * @param legs one per endpoint of the agent
     * @param alertDeadline the queue's alert time runs out then
     */
    record Offer(String agentId, List<String> legs, Instant alertDeadline) implements CborSerializable {
      public Offer {
        legs = List.copyOf(legs);
      }
    }

    /** A user's phones ring (all endpoints at once). */
    record RingingUser(String userId, List<String> legs) implements Stage {
      public RingingUser {
        legs = List.copyOf(legs);
      }
    }

    /**
     * An outside number rings through one gateway of the route.
     *
     * @param attempt index in {@code route.attempts()} of the gateway being tried
     */
    record RingingOutside(Route.Outside route, int attempt, String leg) implements Stage {}

    /** The caller talks with {@code otherLeg}. */
    record Connected(String otherLeg, Link link) implements Stage {}

    /** What the caller is connected to, for what the end of the conversation must tell whom. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "with")
    @JsonSubTypes({
      @JsonSubTypes.Type(value = AgentLink.class, name = "agent"),
      @JsonSubTypes.Type(value = UserLink.class, name = "user"),
      @JsonSubTypes.Type(value = OutsideLink.class, name = "outside")
    })
    sealed interface Link extends CborSerializable {}

    /** An agent who took the call from a queue. */
    record AgentLink(String queueId, String agentId) implements Link {}

    /** A user called directly. */
    record UserLink(String userId) implements Link {}

    /** An outside number through a gateway. */
    record OutsideLink(String gatewayId, String number) implements Link {}

    /** Where a voicemail is. */
    enum VoicemailStep {
      /** Asking the mailbox whether it takes a message, and how. */
      LOOKUP,
      /** The greeting and the beep play. */
      GREETING,
      /** FreeSWITCH records. */
      RECORDING
    }

    /**
     * Leaving a voicemail message.
     *
     * @param greeting what a flow asked to play instead of the mailbox's greeting; empty: the
     *     mailbox's own
     * @param maxLength the longest message a flow allows, or {@code null} for the mailbox's limit
     * @param messageId the message being recorded (from the greeting on), or {@code null}
     * @param path its file, or {@code null}
     * @param recordingSince when recording started, or {@code null}
     * @param silenceThreshold the mailbox's silence level, or {@code null} without silence detection
     * @param silenceHits seconds of silence that end the recording, or {@code null}
     */
    record Voicemail(String mailboxId, VoicemailStep step, List<Sound> greeting, Duration maxLength,
        String messageId, String path, Instant recordingSince, Integer silenceThreshold, Integer silenceHits)
        implements Stage {
      public Voicemail {
        greeting = greeting == null ? List.of() : List.copyOf(greeting);
      }
    }

    /** The engine says its last words (an announcement, a busy tone) and then hangs up. */
    record Closing(String reason, String cause) implements Stage {}

    /**
     * The call is over.
     *
     * @param pending a recording whose RECORD_STOP is still awaited, or {@code null}
     */
    record Ended(String cause, Instant at, Voicemail pending) implements Stage {}
  }

  /** Something to play. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "sound")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Sound.File.class, name = "file"),
    @JsonSubTypes.Type(value = Sound.Speech.class, name = "speech")
  })
  public sealed interface Sound extends CborSerializable {

    /** Anything FreeSWITCH's playback takes: a file, {@code tone_stream://}, {@code local_stream://}. */
    record File(String file) implements Sound {}

    /** Text for FreeSWITCH's text-to-speech. */
    record Speech(String text, String voice) implements Sound {}
  }

  // ------------------------------------------------------------------ copies

  public CallState withStatus(Status value) {
    return new CallState(callId, value, origin, settings, callerLeg, legs, stage, flow, variables, language, playback,
        timers, held, muted, steps);
  }

  public CallState withOrigin(Origin value, CallSettings settingsValue) {
    return new CallState(callId, status, value, settingsValue, callerLeg, legs, stage, flow, variables, language,
        playback, timers, held, muted, steps);
  }

  public CallState withCallerLeg(String value) {
    return new CallState(callId, status, origin, settings, value, legs, stage, flow, variables, language, playback,
        timers, held, muted, steps);
  }

  public CallState withLeg(Leg leg) {
    Map<String, Leg> copy = new LinkedHashMap<>(legs);
    copy.put(leg.uuid(), leg);
    return new CallState(callId, status, origin, settings, callerLeg, copy, stage, flow, variables, language, playback,
        timers, held, muted, steps);
  }

  public CallState withStage(Stage value) {
    return new CallState(callId, status, origin, settings, callerLeg, legs, value, flow, variables, language, playback,
        timers, held, muted, steps);
  }

  public CallState withFlow(FlowRun value) {
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, value, variables, language,
        playback, timers, held, muted, steps);
  }

  public CallState withVariable(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(variables);
    copy.put(name, value);
    String lang = "language".equals(name) ? value : language;
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, flow, copy, lang, playback, timers,
        held, muted, steps);
  }

  public CallState withPlayback(Playback value) {
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, flow, variables, language, value,
        timers, held, muted, steps);
  }

  public CallState withTimer(String id, Instant deadline) {
    Map<String, Instant> copy = new LinkedHashMap<>(timers);
    if (deadline == null) {
      copy.remove(id);
    } else {
      copy.put(id, deadline);
    }
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, flow, variables, language, playback,
        copy, held, muted, steps);
  }

  public CallState withHeld(Set<CallInput.Party> value) {
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, flow, variables, language, playback,
        timers, value, muted, steps);
  }

  public CallState withMuted(Set<CallInput.Party> value) {
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, flow, variables, language, playback,
        timers, held, value, steps);
  }

  public CallState withSteps(long value) {
    return new CallState(callId, status, origin, settings, callerLeg, legs, stage, flow, variables, language, playback,
        timers, held, muted, value);
  }

  /** The legs that have neither ended nor, for placed-call candidates, lost. */
  @JsonIgnore
  public List<Leg> liveLegs() {
    return legs.values().stream().filter(l -> !l.ended()).toList();
  }

  /** A leg by uuid, or {@code null}. */
  public Leg leg(String uuid) {
    return uuid == null ? null : legs.get(uuid);
  }
}
