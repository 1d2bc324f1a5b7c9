package io.switchboard.media;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something FreeSWITCH reported, as a typed value; or something about a connection to it.
 *
 * <p>{@link ChannelEvent}s come from ESL events and carry a {@link ChannelContext}: the node, the
 * channel uuid, caller and destination numbers, the event's own timestamp, the Application-UUID
 * where present and the channel variables named {@code switchboard_*} (the engine sets
 * {@code switchboard_call_id} on every leg it creates and routes events by it). ESL events can be
 * duplicated, late or lost; the reconciliation after every (re)connect
 * ({@link ChannelsReconciled}) is the safety net.
 *
 * <p>Immutable values, delivered to a {@link MediaEventListener}.
 */
public sealed interface MediaEvent {

  /** The FreeSWITCH node (configured id) the event is about. */
  String nodeId();

  /**
   * What every channel event carries.
   *
   * @param nodeId the configured node id
   * @param channelUuid the channel's Unique-ID
   * @param direction {@code inbound} (a caller's leg) or {@code outbound} (a leg FreeSWITCH dialed)
   * @param callerNumber the caller id presented on the leg: for inbound legs Caller-Caller-ID-*;
   *     for outbound legs the caller id it was originated with (Caller-Orig-Caller-ID-*), which
   *     stays stable when FreeSWITCH flips Caller-Caller-ID-* to the callee on answer
   * @param callerName as {@code callerNumber}, for the name
   * @param destinationNumber Caller-Destination-Number (the DID or extension dialed)
   * @param timestampMicros Event-Date-Timestamp: when FreeSWITCH raised it, microseconds since
   *     the epoch (Event-Sequence is not reliable for ordering)
   * @param applicationUuid Application-UUID where the event has one (execute events)
   * @param switchboardVariables channel variables whose names start with {@code switchboard_}
   */
  record ChannelContext(String nodeId, String channelUuid, String direction, String callerNumber,
      String callerName, String destinationNumber, long timestampMicros,
      Optional<String> applicationUuid, Map<String, String> switchboardVariables) {
    public ChannelContext {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(channelUuid, "channelUuid");
      switchboardVariables = Map.copyOf(switchboardVariables);
    }

    /** {@code switchboard_call_id}, the engine's routing key, if the leg has it. */
    public Optional<String> callId() {
      return Optional.ofNullable(switchboardVariables.get("switchboard_call_id"));
    }

    public Instant timestamp() {
      return Instant.ofEpochSecond(timestampMicros / 1_000_000, (timestampMicros % 1_000_000) * 1000);
    }
  }

  /** An event about one channel. */
  sealed interface ChannelEvent extends MediaEvent {
    ChannelContext channel();

    @Override
    default String nodeId() {
      return channel().nodeId();
    }

    default String channelUuid() {
      return channel().channelUuid();
    }
  }

  /** CHANNEL_CREATE. */
  record ChannelCreated(ChannelContext channel, String channelName) implements ChannelEvent {}

  /** CHANNEL_PROGRESS (ringing) or CHANNEL_PROGRESS_MEDIA ({@code earlyMedia}). */
  record ChannelProgress(ChannelContext channel, boolean earlyMedia) implements ChannelEvent {}

  /** CHANNEL_ANSWER. */
  record ChannelAnswered(ChannelContext channel) implements ChannelEvent {}

  /** CHANNEL_PARK: the channel waits for the engine. */
  record ChannelParked(ChannelContext channel) implements ChannelEvent {}

  /** CHANNEL_BRIDGE, reported once, on one of the two legs. */
  record ChannelBridged(ChannelContext channel, String otherChannelUuid) implements ChannelEvent {}

  /** CHANNEL_UNBRIDGE. */
  record ChannelUnbridged(ChannelContext channel, String otherChannelUuid)
      implements ChannelEvent {}

  /** CHANNEL_HANGUP with its Q.850 cause name. */
  record ChannelHungUp(ChannelContext channel, String cause) implements ChannelEvent {}

  /** DTMF: one digit the channel's party pressed. */
  record DtmfReceived(ChannelContext channel, String digit) implements ChannelEvent {}

  /** PLAYBACK_START. */
  record PlaybackStarted(ChannelContext channel, String file) implements ChannelEvent {}

  /** PLAYBACK_STOP: {@code status} is {@code done} (played to the end) or {@code break}. */
  record PlaybackStopped(ChannelContext channel, String file, String status)
      implements ChannelEvent {
    public boolean completed() {
      return "done".equals(status);
    }
  }

  /** RECORD_STOP with the file, its length and why it ended ({@code success-maxtime}...). */
  record RecordStopped(ChannelContext channel, String path, long durationMillis,
      String completionCause) implements ChannelEvent {}

  /** CHANNEL_EXECUTE_COMPLETE: an application finished; match it by Application-UUID. */
  record ExecuteCompleted(ChannelContext channel, String application, String applicationData,
      String response) implements ChannelEvent {}

  /** BACKGROUND_JOB: the result of a {@code bgapi} (also delivered to its command's stage). */
  record BackgroundJobCompleted(String nodeId, String jobUuid, String command, CommandResult result,
      long timestampMicros) implements MediaEvent {}

  /** The bridge authenticated and subscribed on this node. */
  record NodeConnected(String nodeId, Instant at) implements MediaEvent {}

  /** The connection to this node was lost; commands fail until it is back. */
  record NodeDisconnected(String nodeId, String reason, Instant at) implements MediaEvent {}

  /** Why a reconciliation ran. */
  enum ReconcileReason {
    /** After every (re)connect: events may have been missed while disconnected. */
    CONNECTED,
    /** The hand-off buffer overflowed and events of this node were dropped. */
    EVENTS_DROPPED
  }

  /**
   * A channel FreeSWITCH reports as live in {@code show channels as json}.
   *
   * @param switchboardCallId the leg's {@code switchboard_call_id} ({@code uuid_getvar}), if any
   */
  record LiveChannel(String uuid, String direction, String callerName, String callerNumber,
      String destination, String state, String callState, Optional<String> switchboardCallId) {}

  /**
   * The channels live on the node, read after the event subscription was in place (so no event
   * after the snapshot is missed), and the channels this bridge had seen alive on the node that
   * are gone (they ended while events were not reaching the bridge). The engine treats it as an
   * input: calls whose legs are all gone have ended; live ones with a call id are picked up.
   */
  record ChannelsReconciled(String nodeId, ReconcileReason reason, Instant at,
      List<LiveChannel> live, List<String> gone) implements MediaEvent {
    public ChannelsReconciled {
      live = List.copyOf(live);
      gone = List.copyOf(gone);
    }
  }
}
