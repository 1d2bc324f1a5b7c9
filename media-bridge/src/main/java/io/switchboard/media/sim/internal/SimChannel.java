package io.switchboard.media.sim.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.Cancellable;

/**
 * One simulated FreeSWITCH channel. Mutable; only touched while holding the {@link SimSwitch}
 * lock.
 */
final class SimChannel {

  /** An application queued or running on the channel. */
  record App(String name, String arg, String uuid) {}

  /** How the channel got into a bridge (decides what happens to it when the other side ends). */
  enum BridgeKind { UUID_BRIDGE, BRIDGE_APP_A, BRIDGE_APP_B }

  final String uuid;
  final String name;
  final String direction;
  final String source;
  final long createdMicros;
  String context;
  String destination;
  String callerName;
  String callerNumber;
  String origName;
  String origNumber;
  String calleeName;
  String calleeNumber;
  String ani;

  String state = "CS_INIT";
  String callState = "DOWN";
  String answerState = "ringing";
  long answeredMicros;
  long progressMicros;
  long bridgedMicros;
  long hangupMicros;
  boolean hitDialplan;

  final Map<String, String> vars = new LinkedHashMap<>();

  boolean parked;
  String parkAppUuid;
  App current; // the running app (not park)
  final Deque<App> queue = new ArrayDeque<>();
  Cancellable currentTimer;
  boolean drainScheduled;

  String playingFile;
  long playbackStartMicros;
  String recordPath; // record app or uuid_record
  boolean recordIsApp;
  long recordStartMicros;
  Cancellable recordTimer;

  String bridgedTo;
  BridgeKind bridgeKind;
  boolean bridgeSideA; // reported CHANNEL_BRIDGE as the A side
  String eavesdropTarget;

  String loopbackPartner;
  boolean loopbackA;

  boolean held;
  boolean muted;
  boolean hungUp;
  String hangupCause;

  // originate in progress (outbound legs before answer)
  String jobUuid;
  String jobArg;
  String originateApp;
  String originateAppArg;
  String originatorUuid; // for bridge app B legs: the A channel
  Cancellable ringTimer;
  java.util.function.Consumer<String> jobResult; // the originate's pending result

  SimSession socketSession; // outbound-socket session controlling this channel
  String socketAppUuid;
  String socketTarget;

  SimChannel(String uuid, String name, String direction, String source, long createdMicros) {
    this.uuid = uuid;
    this.name = name;
    this.direction = direction;
    this.source = source;
    this.createdMicros = createdMicros;
  }

  boolean answered() {
    return answeredMicros != 0;
  }
}
