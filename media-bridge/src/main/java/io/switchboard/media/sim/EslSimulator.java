package io.switchboard.media.sim;

import io.switchboard.media.esl.EslFrameDecoder;
import io.switchboard.media.esl.EslMessage;
import io.switchboard.media.sim.internal.SimSession;
import io.switchboard.media.sim.internal.SimSessions;
import io.switchboard.media.sim.internal.SimSwitch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ESL simulator: a TEST AND DEMO TOOL that speaks FreeSWITCH's Event Socket over TCP and behaves
 * like the real captures in {@code shared/esl} for every command the media bridge sends. It is
 * not FreeSWITCH: there is no audio, only the protocol, the channel state machine and files of
 * the right length for recordings.
 *
 * <p>Used by tests, by the load generator and as a standalone process ({@link MediaSimCommand}).
 * Start it on port 0 and read {@link #port()}. The Java API places inbound calls, scripts the
 * endpoints that originates reach, injects DTMF, hangs up from the far side, and shows the
 * channels and the commands received.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class EslSimulator {

  private static final Logger log = LoggerFactory.getLogger(EslSimulator.class);

  private final ActorSystem<?> system;
  private final SimulatorSettings settings;
  private final SimSwitch sw;
  private volatile Tcp.ServerBinding binding;
  private volatile boolean refusing;
  private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

  private EslSimulator(ActorSystem<?> system, SimulatorSettings settings, Supplier<UUID> ids) {
    this.system = system;
    this.settings = settings;
    this.sw = new SimSwitch(system, settings, ids);
    this.sw.setSocketConnector(this::connectSocket);
  }

  /** Binds the ESL port and starts accepting clients. */
  public static CompletionStage<EslSimulator> start(ActorSystem<?> system, SimulatorSettings settings) {
    return start(system, settings, UUID::randomUUID);
  }

  /** As {@link #start(ActorSystem, SimulatorSettings)} with the source of channel and job uuids. */
  public static CompletionStage<EslSimulator> start(ActorSystem<?> system,
      SimulatorSettings settings, Supplier<UUID> ids) {
    EslSimulator sim = new EslSimulator(system, settings, ids);
    return Tcp.get(system).bind(settings.host(), settings.port())
        .to(Sink.foreach(sim::accept))
        .run(system)
        .thenApply(b -> {
          sim.binding = b;
          log.info("ESL simulator (test and demo tool, not FreeSWITCH) listening on {}",
              b.localAddress());
          return sim;
        });
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public String host() {
    return settings.host();
  }

  // ------------------------------------------------------------------ calls

  /** A caller ({@code callerNumber}, {@code callerName}) dials {@code destination}: parked. */
  public String placeInboundCall(String callerNumber, String callerName, String destination) {
    return sw.placeInboundCall(callerNumber, callerName, destination);
  }

  /**
   * As {@link #placeInboundCall(String, String, String)}, with channel variables the dialplan
   * sets before parking: {@code switchboard_internal=true} for a call from the organisation's own
   * phones (the config kit's internal dialplan), {@code switchboard_inbound=true} for a carrier's.
   */
  public String placeInboundCall(String callerNumber, String callerName, String destination,
      Map<String, String> variables) {
    return sw.placeInboundCall(callerNumber, callerName, destination, variables);
  }

  /**
   * As {@link #placeInboundCall}, but the dialplan runs {@code socket host:port async full}:
   * the simulator connects to that outbound-socket server and is controlled through it.
   */
  public String placeInboundCallToSocket(String callerNumber, String callerName,
      String destination, String host, int port) {
    return sw.placeInboundCallToSocket(callerNumber, callerName, destination, host, port);
  }

  /**
   * How endpoints reached by originate or bridge behave: {@code pattern} is a dial string
   * ({@code user/1001}) or a prefix ending in {@code *} ({@code sofia/gateway/*}).
   */
  public EslSimulator scriptEndpoint(String pattern, EndpointScript script) {
    sw.scriptEndpoint(pattern, script);
    return this;
  }

  public EslSimulator setDefaultEndpoint(EndpointScript script) {
    sw.setDefaultEndpoint(script);
    return this;
  }

  /** How long {@code file} plays (otherwise: a real WAV's length, or the default). */
  public EslSimulator setPlaybackDuration(String file, Duration d) {
    sw.setPlaybackDuration(file, d);
    return this;
  }

  public EslSimulator setDefaultPlayback(Duration d) {
    sw.setDefaultPlayback(d);
    return this;
  }

  /** The party on the channel presses keys: DTMF events on that channel. */
  public boolean injectDtmf(String uuid, String digits) {
    return sw.injectDtmf(uuid, digits);
  }

  /**
   * The far ends of ringing dialed legs (originated to an endpoint scripted to ring) pick up, in
   * the order given, in one step: their CHANNEL_ANSWER events and originate results follow each
   * other with nothing in between, like two phones answered at the same moment. Legs that are not
   * ringing are left alone.
   *
   * @return the legs that answered, in order
   */
  public List<String> answer(String... uuids) {
    return sw.answerRinging(List.of(uuids));
  }

  /** The party on the channel hangs up (caller or far end). */
  public boolean hangup(String uuid, String cause) {
    return sw.hangup(uuid, cause);
  }

  public List<SimChannelView> channels() {
    return sw.channels();
  }

  public Optional<SimChannelView> channel(String uuid) {
    return sw.channel(uuid);
  }

  /** Every command received (auth passwords masked), oldest first. */
  public List<ReceivedCommand> commands() {
    return sw.commands();
  }

  public void clearCommands() {
    sw.clearCommands();
  }

  /**
   * Whether {@code bgapi} takes the client's {@code Job-UUID} header (true, as FreeSWITCH's
   * mod_event_socket does) or always picks its own job uuid (to test clients against an ESL that
   * ignores the header).
   */
  public void honourJobUuidHeader(boolean honour) {
    sw.setHonourJobUuidHeader(honour);
  }

  /** Clients connected now. */
  public int connectionCount() {
    return sw.sessionCount();
  }

  /** Clients connected now that have subscribed to events. */
  public int subscribedConnectionCount() {
    return sw.subscribedSessionCount();
  }

  /** Connections accepted and closed at once while {@link #refuseConnections} was on. */
  public long refusedConnections() {
    return refused.get();
  }

  /** Closes every client connection abruptly (a network failure). */
  public void dropConnections() {
    sw.dropConnections();
  }

  /**
   * While true, the simulator reads commands but answers none and greets no new client: a hung
   * FreeSWITCH whose TCP connections stay open (keep-alive must notice).
   */
  public void freeze(boolean frozen) {
    sw.setFrozen(frozen);
  }

  /** While true, new TCP connections are accepted and closed at once (FreeSWITCH down). */
  public void refuseConnections(boolean refuse) {
    this.refusing = refuse;
  }

  /** Emits {@code count} DTMF events on a channel as fast as clients read them (benchmarks). */
  public CompletionStage<Done> emitBurst(String uuid, int count) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    sw.emitBurst(uuid, count, () -> done.complete(Done.getInstance()));
    return done;
  }

  public CompletionStage<Done> stop() {
    sw.dropConnections();
    Tcp.ServerBinding b = binding;
    return b == null ? CompletableFuture.completedFuture(Done.getInstance())
        : b.unbind().thenApply(x -> Done.getInstance());
  }

  // ------------------------------------------------------------------ transport

  private void accept(Tcp.IncomingConnection connection) {
    if (refusing) {
      refused.incrementAndGet();
      connection.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.empty()), system);
      return;
    }
    SimSession s = sw.openSession(false);
    var mat = connection.handleWith(sessionFlow(s), system);
    attach(s, mat);
    sw.sessionStarted(s);
  }

  private void connectSocket(SimSession s, String host, int port) {
    var mat = Tcp.get(system).outgoingConnection(host, port)
        .joinMat(sessionFlow(s), Keep.right()).run(system);
    attach(s, mat);
  }

  private void attach(SimSession s,
      Pair<Pair<UniqueKillSwitch, CompletionStage<Done>>, BoundedSourceQueue<ByteString>> mat) {
    SimSessions.attach(s, mat.second(), mat.first().first());
    mat.first().second().whenComplete((d, e) -> {
      if (e != null) {
        log.debug("ESL simulator: client connection ended: {}", e.toString());
      }
      sw.sessionClosed(s);
    });
  }

  private Flow<ByteString, ByteString,
      Pair<Pair<UniqueKillSwitch, CompletionStage<Done>>, BoundedSourceQueue<ByteString>>>
      sessionFlow(SimSession s) {
    Sink<ByteString, Pair<UniqueKillSwitch, CompletionStage<Done>>> in = Flow.of(ByteString.class)
        .viaMat(KillSwitches.single(), Keep.right())
        .statefulMap(EslFrameDecoder::forCommands, (decoder, bytes) -> {
          List<EslMessage> msgs = new ArrayList<>(1);
          for (ByteBuffer b : bytes.getByteBuffers()) {
            decoder.decode(b, msgs::add);
          }
          return Pair.create(decoder, msgs);
        }, decoder -> Optional.empty())
        .mapConcat(msgs -> msgs)
        .toMat(Sink.foreach(m -> sw.onCommand(s, m)), Keep.both());
    return Flow.fromSinkAndSourceCoupledMat(in,
        Source.<ByteString>queue(settings.sessionQueueCapacity()), Keep.both());
  }
}
