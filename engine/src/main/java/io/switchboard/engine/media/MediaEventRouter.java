package io.switchboard.engine.media;

import io.switchboard.engine.call.CallInput;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.MediaEventListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media bridge's listener: maps each FreeSWITCH event to the input of the call it belongs to
 * and delivers it through a {@link CallInbox}.
 *
 * <p>A channel belongs to the call named by its {@code switchboard_call_id} variable (every leg
 * the engine creates carries it, and a caller's channel gets it when its call starts); a parked
 * inbound channel without one starts a new call whose id is the channel's uuid, if the dialplan
 * marked it for the engine ({@code switchboard_inbound} or {@code switchboard_internal}). Channels seen
 * with a call id are remembered until they hang up, so that events without the variable (those
 * before the engine set it) still reach their call. Events of channels that are no call's are
 * dropped, so a busy FreeSWITCH's other traffic never creates entities.
 *
 * <p>A reconciliation becomes, per call, the list of its live channels on the node
 * ({@link CallInput.ChannelsLive}) and the channels that are gone ({@link CallInput.ChannelsGone}).
 *
 * <p>Created by {@link MediaIntegration}; called by the bridge's single dispatching stage, but
 * safe from any thread. It only maps and tells: it never blocks.
 */
public final class MediaEventRouter implements MediaEventListener {

  private static final Logger log = LoggerFactory.getLogger(MediaEventRouter.class);

  private final CallInbox inbox;
  private final Clock clock;
  /** Channel uuid to call id, for channels seen alive. */
  private final Map<String, String> calls = new ConcurrentHashMap<>();

  public MediaEventRouter(CallInbox inbox, Clock clock) {
    this.inbox = inbox;
    this.clock = clock;
  }

  /** How many channels are known to belong to a call (for metrics and tests). */
  public int knownChannels() {
    return calls.size();
  }

  @Override
  public void onEvent(MediaEvent event) {
    if (event instanceof MediaEvent.ChannelEvent channelEvent) {
      onChannelEvent(channelEvent);
    } else if (event instanceof MediaEvent.ChannelsReconciled reconciled) {
      onReconciled(reconciled);
    } else if (event instanceof MediaEvent.NodeConnected connected) {
      log.info("media node {} connected", connected.nodeId());
    } else if (event instanceof MediaEvent.NodeDisconnected disconnected) {
      log.warn("media node {} disconnected: {}", disconnected.nodeId(), disconnected.reason());
    }
    // BackgroundJobCompleted: originate results reach the calls through their command stages.
  }

  private void onChannelEvent(MediaEvent.ChannelEvent event) {
    MediaEvent.ChannelContext channel = event.channel();
    String uuid = channel.channelUuid();
    Instant now = clock.instant();
    Optional<String> tagged = channel.callId().filter(id -> !id.isBlank());
    String callId = tagged.orElseGet(() -> calls.get(uuid));
    if (callId == null && event instanceof MediaEvent.ChannelParked
        && "inbound".equalsIgnoreCase(channel.direction())) {
      if (!parkedForTheEngine(channel)) {
        // Parked by something else (a parking lot, another application): not a Switchboard call.
        log.debug("channel {} parked without switchboard_inbound or switchboard_internal: not taken", uuid);
        return;
      }
      callId = uuid; // a new caller, parked for the engine
    }
    if (callId == null) {
      return;
    }
    CallInput input = input(event, now);
    if (event instanceof MediaEvent.ChannelHungUp) {
      calls.remove(uuid);
    } else {
      calls.put(uuid, callId);
    }
    if (input != null) {
      inbox.deliver(callId, input);
    }
  }

  /**
   * Whether the dialplan parked this channel for the engine: the configuration kit's dialplans set
   * {@code switchboard_inbound=true} (carriers' calls to the organisation's numbers) or
   * {@code switchboard_internal=true} (the organisation's own phones) before {@code park}.
   */
  static boolean parkedForTheEngine(MediaEvent.ChannelContext channel) {
    Map<String, String> marks = channel.switchboardVariables();
    return "true".equalsIgnoreCase(marks.get("switchboard_inbound"))
        || "true".equalsIgnoreCase(marks.get("switchboard_internal"));
  }

  /** The call input of a channel event, or {@code null} when no call decision depends on it. */
  static CallInput input(MediaEvent.ChannelEvent event, Instant now) {
    MediaEvent.ChannelContext channel = event.channel();
    String uuid = channel.channelUuid();
    if (event instanceof MediaEvent.ChannelParked) {
      if (!"inbound".equalsIgnoreCase(channel.direction())) {
        return null; // a leg the engine originated, parked on answer: its answer is what counts
      }
      boolean internal = "true".equalsIgnoreCase(channel.switchboardVariables().get("switchboard_internal"));
      return new CallInput.ChannelParked(channel.nodeId(), uuid, channel.direction(), channel.callerNumber(),
          channel.callerName(), channel.destinationNumber(), internal, now);
    }
    if (event instanceof MediaEvent.ChannelAnswered) {
      return new CallInput.ChannelAnswered(uuid, now);
    }
    if (event instanceof MediaEvent.ChannelHungUp hungUp) {
      return new CallInput.ChannelHungUp(uuid, hungUp.cause() == null ? "NORMAL_CLEARING" : hungUp.cause(), now);
    }
    if (event instanceof MediaEvent.DtmfReceived dtmf) {
      return new CallInput.DtmfReceived(uuid, dtmf.digit(), now);
    }
    if (event instanceof MediaEvent.ExecuteCompleted completed && channel.applicationUuid().isPresent()) {
      return new CallInput.ApplicationCompleted(uuid, channel.applicationUuid().get(), completed.application(),
          completed.response(), now);
    }
    if (event instanceof MediaEvent.RecordStopped stopped) {
      return new CallInput.RecordStopped(uuid, stopped.path(), stopped.durationMillis(), stopped.completionCause(), now);
    }
    return null;
  }

  private void onReconciled(MediaEvent.ChannelsReconciled reconciled) {
    Instant now = clock.instant();
    Map<String, List<String>> live = new LinkedHashMap<>();
    for (MediaEvent.LiveChannel channel : reconciled.live()) {
      String callId = channel.switchboardCallId().filter(id -> !id.isBlank()).orElseGet(() -> calls.get(channel.uuid()));
      if (callId != null) {
        calls.put(channel.uuid(), callId);
        live.computeIfAbsent(callId, k -> new ArrayList<>()).add(channel.uuid());
      }
    }
    Map<String, List<String>> gone = new LinkedHashMap<>();
    for (String uuid : reconciled.gone()) {
      String callId = calls.remove(uuid);
      if (callId != null) {
        gone.computeIfAbsent(callId, k -> new ArrayList<>()).add(uuid);
      }
    }
    log.info("media node {} reconciled ({}): {} calls with live channels, {} calls with channels gone",
        reconciled.nodeId(), reconciled.reason(), live.size(), gone.size());
    live.forEach((callId, uuids) -> inbox.deliver(callId, new CallInput.ChannelsLive(reconciled.nodeId(), uuids, now)));
    gone.forEach((callId, uuids) ->
        inbox.deliver(callId, new CallInput.ChannelsGone(uuids, "reconciliation (" + reconciled.reason() + ")", now)));
  }
}
