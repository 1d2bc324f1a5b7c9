package io.switchboard.media.internal;

import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaBridgeException;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.MediaEvent.ChannelContext;
import io.switchboard.media.MediaEvent.LiveChannel;
import io.switchboard.media.MediaEventListener;
import io.switchboard.media.NodeState;
import io.switchboard.media.esl.EslEvent;
import io.switchboard.media.esl.EslEventParser;
import io.switchboard.media.esl.EslFrameDecoder;
import io.switchboard.media.esl.EslHeaders;
import io.switchboard.media.esl.EslMessage;
import io.switchboard.media.esl.EslProtocolException;
import io.switchboard.media.esl.EslRequest;
import io.switchboard.media.esl.FsUrlCodec;
import io.switchboard.media.outbound.OutboundCall;
import io.switchboard.media.outbound.OutboundCallHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.QueueOfferResult;
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
 * The actor that owns one ESL connection: inbound to a configured node (connect, authenticate,
 * subscribe, reconcile, keep alive, reconnect with backoff) or outbound, accepted from
 * FreeSWITCH's {@code socket} application (connect, myevents, linger, filter; no reconnect).
 *
 * <p>The TCP stream (Pekko Streams) decodes frames and turns events into typed events on its own
 * thread and hands them to the {@link EventHandOff} without waiting; only replies, BACKGROUND_JOB
 * results and connection signals come to the actor. Requests are written in order through a
 * bounded queue and their replies matched FIFO; bgapi results by Job-UUID. A reply that does not
 * come within its time means the connection can no longer be trusted (FIFO matching would be
 * off), so it is closed and, inbound, reopened.
 *
 * <p>Created by {@code MediaBridge} (one per node) and {@code OutboundSocketServer} (one per
 * call). All state is confined to the actor except {@link Shared}, which is thread-safe.
 */
public final class EslConnection extends AbstractBehavior<EslConnection.Msg> {

  private static final Logger log = LoggerFactory.getLogger(EslConnection.class);
  private static final Duration TICK = Duration.ofMillis(200);
  private static final String CALL_ID_VAR = "switchboard_call_id";

  /** Messages of the connection actor. */
  public sealed interface Msg {}

  /** Send these requests in order; the result is that of the last (or the first -ERR). */
  public record Execute(List<EslRequest> requests, CompletableFuture<CommandResult> result)
      implements Msg {}

  /** Close the connection for good. */
  public record Stop(CompletableFuture<Done> done) implements Msg {}

  /** Reconcile now (sent by the hand-off when it dropped events of this node). */
  public record ReconcileRequested(MediaEvent.ReconcileReason reason) implements Msg {}

  /** Close the connection abruptly (tests of reconnect; a protocol error). */
  public record Abort(String reason) implements Msg {}

  private record ConnectNow() implements Msg {}

  private record Tick() implements Msg {}

  private record KeepAlive() implements Msg {}

  private record Incoming(long gen, EslMessage message) implements Msg {}

  private record JobDone(long gen, MediaEvent.BackgroundJobCompleted job) implements Msg {}

  private record StreamEnded(long gen, Throwable cause) implements Msg {}

  /** State readable from other threads: the phase, the channels seen alive, the listener. */
  public static final class Shared {
    volatile NodeState state = NodeState.CONNECTING;
    volatile String nodeId;
    volatile MediaEventListener listener;
    final Set<String> seenAlive = ConcurrentHashMap.newKeySet();

    public Shared(String nodeId, MediaEventListener listener) {
      this.nodeId = nodeId;
      this.listener = listener;
    }

    public NodeState state() {
      return state;
    }

    public Set<String> seenAlive() {
      return Set.copyOf(seenAlive);
    }
  }

  private record Pending(EslRequest request, long deadlineNanos, Consumer<EslMessage> onReply,
      Consumer<Throwable> onFailure) {}

  private record PendingJob(CompletableFuture<CommandResult> result, long deadlineNanos,
      String command) {}

  private sealed interface Mode {}

  private record Inbound(MediaBridgeSettings.Node node) implements Mode {}

  private record Outbound(Tcp.IncomingConnection connection, OutboundCallHandler handler,
      CompletableFuture<Done> closed) implements Mode {}

  private final Mode mode;
  private final MediaBridgeSettings settings;
  private final EventHandOff handOff;
  private final Clock clock;
  private final Shared shared;
  private final TimerScheduler<Msg> timers;

  private long gen;
  private BoundedSourceQueue<ByteString> out;
  private UniqueKillSwitch killSwitch;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Map<String, PendingJob> jobs = new HashMap<>();
  private int failures;
  private boolean announcedConnected;
  private long handshakeDeadline;
  private boolean keepAliveInFlight;
  private boolean reconciling;
  private MediaEvent.ReconcileReason reconcileWanted;
  private MediaEvent.ChannelsReconciled undelivered;
  private String lastDisconnectReason = "";

  private EslConnection(ActorContext<Msg> context, TimerScheduler<Msg> timers, Mode mode,
      MediaBridgeSettings settings, EventHandOff handOff, Clock clock, Shared shared) {
    super(context);
    this.timers = timers;
    this.mode = mode;
    this.settings = settings;
    this.handOff = handOff;
    this.clock = clock;
    this.shared = shared;
    timers.startTimerWithFixedDelay("tick", new Tick(), TICK);
  }

  /** An inbound connection to a node; connects at once and keeps reconnecting until stopped. */
  public static Behavior<Msg> inbound(MediaBridgeSettings.Node node, MediaBridgeSettings settings,
      EventHandOff handOff, Clock clock, Shared shared) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      EslConnection c = new EslConnection(ctx, timers, new Inbound(node), settings, handOff, clock,
          shared);
      ctx.getSelf().tell(new ConnectNow());
      return c;
    }));
  }

  /** A connection FreeSWITCH opened to the outbound server; runs the handshake at once. */
  public static Behavior<Msg> outbound(Tcp.IncomingConnection connection,
      OutboundCallHandler handler, CompletableFuture<Done> closed, MediaBridgeSettings settings,
      EventHandOff handOff, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Shared shared = new Shared("outbound", null);
      EslConnection c = new EslConnection(ctx, timers, new Outbound(connection, handler, closed),
          settings, handOff, clock, shared);
      c.startOutbound();
      return c;
    }));
  }

  @Override
  public Receive<Msg> createReceive() {
    return newReceiveBuilder()
        .onMessage(Execute.class, this::onExecute)
        .onMessage(Incoming.class, this::onIncoming)
        .onMessage(JobDone.class, this::onJobDone)
        .onMessage(StreamEnded.class, this::onStreamEnded)
        .onMessage(ConnectNow.class, m -> onConnectNow())
        .onMessage(Tick.class, m -> onTick())
        .onMessage(KeepAlive.class, m -> onKeepAlive())
        .onMessage(ReconcileRequested.class, this::onReconcileRequested)
        .onMessage(Abort.class, m -> {
          kill("aborted: " + m.reason());
          return this;
        })
        .onMessage(Stop.class, this::onStop)
        .build();
  }

  private String nodeId() {
    return shared.nodeId;
  }

  // ---------------------------------------------------------------- stream

  private void onConnectNowInbound(MediaBridgeSettings.Node node) {
    gen++;
    shared.state = NodeState.CONNECTING;
    handshakeDeadline = System.nanoTime()
        + settings.connectTimeout().plus(settings.commandTimeout()).toNanos();
    var tcp = Tcp.get(getContext().getSystem()).outgoingConnection(
        new InetSocketAddress(node.host(), node.port()), Optional.empty(), List.of(), true,
        Optional.of(settings.connectTimeout()), Optional.empty());
    var mat = tcp.joinMat(sessionFlow(gen), Keep.right()).run(getContext().getSystem());
    attach(mat);
    log.debug("{}: connecting to {}:{}", node.id(), node.host(), node.port());
  }

  private void startOutbound() {
    Outbound o = (Outbound) mode;
    gen++;
    shared.state = NodeState.CONNECTING;
    handshakeDeadline = System.nanoTime() + settings.commandTimeout().toNanos();
    var mat = o.connection().handleWith(sessionFlow(gen), getContext().getSystem());
    attach(mat);
    send(EslRequest.command("connect"), settings.commandTimeout(), this::onConnectReply,
        e -> kill("connect failed: " + e.getMessage()));
  }

  private void attach(Pair<Pair<UniqueKillSwitch, CompletionStage<Done>>, BoundedSourceQueue<ByteString>> mat) {
    this.killSwitch = mat.first().first();
    this.out = mat.second();
    long g = gen;
    ActorRef<Msg> self = getContext().getSelf();
    mat.first().second().whenComplete((done, err) -> self.tell(new StreamEnded(g, err)));
  }

  /**
   * Bytes from FreeSWITCH in, bytes to it out. The reading side decodes, turns events into
   * typed events and hands them over on the stream's thread; the writing side is a bounded queue.
   */
  private Flow<ByteString, ByteString,
      Pair<Pair<UniqueKillSwitch, CompletionStage<Done>>, BoundedSourceQueue<ByteString>>>
      sessionFlow(long g) {
    ActorRef<Msg> self = getContext().getSelf();
    Consumer<EslMessage> reader = new Reader(g, self);
    int maxHeader = settings.maxHeaderBytes();
    int maxBody = settings.maxBodyBytes();
    Sink<ByteString, Pair<UniqueKillSwitch, CompletionStage<Done>>> in =
        Flow.of(ByteString.class)
            .viaMat(KillSwitches.single(), Keep.right())
            .statefulMap(
                () -> new EslFrameDecoder(EslFrameDecoder.Mode.REPLIES, maxHeader, maxBody),
                (decoder, bytes) -> {
                  List<EslMessage> msgs = new ArrayList<>(2);
                  for (ByteBuffer b : bytes.getByteBuffers()) {
                    decoder.decode(b, msgs::add);
                  }
                  return Pair.create(decoder, msgs);
                },
                decoder -> {
                  decoder.finish();
                  return Optional.empty();
                })
            .mapConcat(msgs -> msgs)
            .toMat(Sink.foreach(reader::accept), Keep.both());
    Source<ByteString, BoundedSourceQueue<ByteString>> outSource =
        Source.queue(Math.max(16, settings.maxPendingCommands()));
    return Flow.fromSinkAndSourceCoupledMat(in, outSource, Keep.both());
  }

  /** Runs on the stream's thread: events go to the hand-off, the rest to the actor. */
  private final class Reader implements Consumer<EslMessage> {
    private final long g;
    private final ActorRef<Msg> self;

    Reader(long g, ActorRef<Msg> self) {
      this.g = g;
      this.self = self;
    }

    @Override
    public void accept(EslMessage m) {
      if (!EslEventParser.isEvent(m)) {
        self.tell(new Incoming(g, m));
        return;
      }
      EslEvent e;
      try {
        e = EslEventParser.parse(m);
      } catch (EslProtocolException ex) {
        // framing is intact (the length was right), so only this event is lost
        log.error("{}: skipped an event that could not be parsed: {}", shared.nodeId, ex.getMessage());
        return;
      }
      String name = e.name();
      String uuid = e.get("Unique-ID");
      if (uuid != null) {
        if (MediaEventMapper.ALIVE_EVENTS.contains(name)) {
          shared.seenAlive.add(uuid);
        } else if (name.equals("CHANNEL_HANGUP")) {
          shared.seenAlive.remove(uuid);
        }
      }
      Optional<MediaEvent> typed = MediaEventMapper.map(shared.nodeId, e);
      if (typed.isEmpty()) {
        return;
      }
      MediaEvent ev = typed.get();
      if (ev instanceof MediaEvent.BackgroundJobCompleted job) {
        self.tell(new JobDone(g, job));
      }
      MediaEventListener l = shared.listener;
      if (l != null) {
        handOff.offer(ev, l);
      }
    }
  }

  private Behavior<Msg> onConnectNow() {
    if (shared.state == NodeState.STOPPED) {
      return this;
    }
    if (mode instanceof Inbound in) {
      onConnectNowInbound(in.node());
    }
    return this;
  }

  private Behavior<Msg> onStreamEnded(StreamEnded m) {
    if (m.gen() != gen) {
      return this;
    }
    String reason = m.cause() == null ? "closed by FreeSWITCH" : describe(m.cause());
    failAll(reason);
    out = null;
    killSwitch = null;
    boolean wasConnected = announcedConnected;
    announcedConnected = false;
    keepAliveInFlight = false;
    reconciling = false;
    timers.cancel("keepalive");
    if (mode instanceof Outbound o) {
      log.debug("outbound connection for {} ended: {}", nodeId(), reason);
      shared.state = NodeState.STOPPED;
      o.closed().complete(Done.getInstance());
      return Behaviors.stopped();
    }
    if (shared.state == NodeState.STOPPED) {
      return Behaviors.stopped();
    }
    shared.state = NodeState.DISCONNECTED;
    Duration delay = backoff();
    failures++;
    if (wasConnected) {
      log.warn("{}: connection lost ({}); reconnecting in {} ms", nodeId(), reason, delay.toMillis());
      MediaEventListener l = shared.listener;
      if (l != null) {
        handOff.offer(new MediaEvent.NodeDisconnected(nodeId(), reason, clock.instant()), l);
      }
    } else if (!reason.equals(lastDisconnectReason) || failures % 20 == 1) {
      log.warn("{}: cannot connect ({}); retrying in {} ms", nodeId(), reason, delay.toMillis());
    }
    lastDisconnectReason = reason;
    timers.startSingleTimer("connect", new ConnectNow(), delay);
    return this;
  }

  private Duration backoff() {
    long min = settings.minBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    long d = min << Math.min(failures, 20);
    return Duration.ofMillis(Math.min(max, Math.max(min, d)));
  }

  private static String describe(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  private void kill(String reason) {
    if (killSwitch != null) {
      log.debug("{}: closing connection: {}", nodeId(), reason);
      killSwitch.abort(new EslProtocolException(reason));
    }
  }

  // ---------------------------------------------------------------- requests and replies

  private void send(EslRequest request, Duration timeout, Consumer<EslMessage> onReply,
      Consumer<Throwable> onFailure) {
    if (out == null) {
      onFailure.accept(new MediaBridgeException.ConnectionLost(nodeId() + ": not connected"));
      return;
    }
    QueueOfferResult r = out.offer(ByteString.fromArrayUnsafe(request.bytes()));
    if (r == QueueOfferResult.enqueued()) {
      pending.add(new Pending(request, System.nanoTime() + timeout.toNanos(), onReply, onFailure));
    } else if (r == QueueOfferResult.dropped()) {
      onFailure.accept(new MediaBridgeException.Overloaded(nodeId() + ": more than "
          + settings.maxPendingCommands() + " commands waiting to be written; try again later"));
    } else {
      onFailure.accept(new MediaBridgeException.ConnectionLost(nodeId() + ": connection closing"));
    }
  }

  private Behavior<Msg> onIncoming(Incoming m) {
    if (m.gen() != gen) {
      return this;
    }
    EslMessage msg = m.message();
    String ct = msg.contentType();
    switch (ct) {
      case "auth/request" -> onAuthRequest();
      case "command/reply", "api/response" -> {
        Pending p = pending.poll();
        if (p == null) {
          log.warn("{}: reply without a request, ignored: {}", nodeId(), msg);
        } else {
          try {
            p.onReply().accept(msg);
          } catch (RuntimeException e) {
            log.error("{}: handling the reply to '{}' failed", nodeId(), p.request().firstLine(), e);
          }
        }
      }
      case "text/disconnect-notice" -> {
        String disposition = msg.header("Content-Disposition");
        if ("linger".equals(disposition)) {
          log.debug("{}: FreeSWITCH lingers {} s before closing", nodeId(), msg.header("Linger-Time"));
        } else {
          log.debug("{}: FreeSWITCH says goodbye", nodeId());
        }
      }
      case "text/rude-rejection" -> log.error("{}: FreeSWITCH refused the connection (ESL ACL): {}",
          nodeId(), msg.bodyText().strip());
      default -> log.debug("{}: ignored message {}", nodeId(), ct);
    }
    return this;
  }

  private void onAuthRequest() {
    if (!(mode instanceof Inbound in)) {
      return;
    }
    send(EslRequest.command("auth " + in.node().password()), settings.commandTimeout(), reply -> {
      String text = reply.header("Reply-Text");
      if (text == null || !text.startsWith("+OK")) {
        log.error("{}: FreeSWITCH refused the password ({}); check switchboard.media.nodes password"
            + " and event_socket.conf.xml", nodeId(), text);
        return; // FreeSWITCH closes the socket itself
      }
      subscribe();
    }, e -> kill("auth failed"));
  }

  private void subscribe() {
    String events = String.join(" ", MediaEventMapper.SUBSCRIBED_EVENTS);
    send(EslRequest.command("event " + settings.eventFormat().wireName() + " " + events),
        settings.commandTimeout(), reply -> {
          String text = reply.header("Reply-Text");
          if (text == null || !text.startsWith("+OK")) {
            log.error("{}: event subscription refused: {}", nodeId(), text);
            kill("subscription refused");
            return;
          }
          onConnected();
        }, e -> kill("subscription failed"));
  }

  private void onConnected() {
    shared.state = NodeState.CONNECTED;
    failures = 0;
    lastDisconnectReason = "";
    announcedConnected = true;
    log.info("{}: connected and subscribed ({} events)", nodeId(), settings.eventFormat().wireName());
    MediaEventListener l = shared.listener;
    if (l != null) {
      handOff.offer(new MediaEvent.NodeConnected(nodeId(), clock.instant()), l);
    }
    timers.startTimerWithFixedDelay("keepalive", new KeepAlive(), settings.keepAliveInterval());
    reconcile(MediaEvent.ReconcileReason.CONNECTED);
  }

  private void onConnectReply(EslMessage reply) {
    Outbound o = (Outbound) mode;
    // the connect reply is CHANNEL_DATA serialised as URL-encoded headers
    EslHeaders.Builder decoded = EslHeaders.builder();
    for (int i = 0; i < reply.headers().size(); i++) {
      decoded.add(reply.headers().name(i), FsUrlCodec.decode(reply.headers().value(i)));
    }
    EslEvent data = new EslEvent(decoded.build(), "");
    if (!"+OK".equals(String.valueOf(data.get("Reply-Text")).strip()) || data.get("Unique-ID") == null) {
      log.error("outbound: unexpected connect reply, closing: {}", reply);
      kill("bad connect reply");
      return;
    }
    String switchName = data.get("FreeSWITCH-Switchname");
    shared.nodeId = switchName == null || switchName.isEmpty() ? "outbound" : switchName;
    ChannelContext channel = MediaEventMapper.context(shared.nodeId, data);
    shared.seenAlive.add(channel.channelUuid());
    OutboundCall call = new Call(channel, getContext().getSelf(), o.closed());
    try {
      shared.listener = o.handler().onCall(call);
    } catch (RuntimeException e) {
      log.error("outbound: the call handler failed for {}; hanging up", channel.channelUuid(), e);
      send(EslRequest.sendmsg(channel.channelUuid(),
          Map.of("call-command", "hangup", "hangup-cause", "NORMAL_TEMPORARY_FAILURE"), ""),
          settings.commandTimeout(), r -> { }, err -> { });
      return;
    }
    shared.state = NodeState.CONNECTED;
    Consumer<EslMessage> expectOk = r -> {
      String t = r.header("Reply-Text");
      if (t == null || !t.startsWith("+OK")) {
        log.warn("outbound {}: setup command refused: {}", channel.channelUuid(), t);
      }
    };
    Consumer<Throwable> ignore = e -> { };
    Duration t = settings.commandTimeout();
    send(EslRequest.command("myevents"), t, expectOk, ignore);
    // myevents' fixed list lacks these; myevents still limits them to this channel
    send(EslRequest.command("event " + settings.eventFormat().wireName()
        + " PLAYBACK_START PLAYBACK_STOP RECORD_STOP"), t, expectOk, ignore);
    send(EslRequest.command("linger " + Math.max(1, settings.outbound().linger().toSeconds())), t,
        expectOk, ignore);
    for (String ev : MediaEventMapper.SUBSCRIBED_EVENTS) {
      if (!ev.equals("BACKGROUND_JOB")) {
        send(EslRequest.command("filter Event-Name " + ev), t, expectOk, ignore);
      }
    }
    log.debug("outbound: controlling {} ({})", channel.channelUuid(), shared.nodeId);
  }

  private Behavior<Msg> onExecute(Execute m) {
    CompletableFuture<CommandResult> result = m.result();
    if (shared.state != NodeState.CONNECTED || out == null) {
      result.completeExceptionally(new MediaBridgeException.NodeUnavailable(nodeId() + " is "
          + shared.state.name().toLowerCase() + "; the command was not sent"));
      return this;
    }
    List<EslRequest> reqs = m.requests();
    CommandResult[] firstError = {null};
    for (int i = 0; i < reqs.size(); i++) {
      EslRequest req = reqs.get(i);
      boolean last = i == reqs.size() - 1;
      if (req.kind() == EslRequest.Kind.BGAPI) {
        jobs.put(req.jobUuid(), new PendingJob(result,
            System.nanoTime() + settings.backgroundJobTimeout().toNanos(), req.firstLine()));
      }
      send(req, settings.commandTimeout(), reply -> {
        CommandResult r = CommandResult.of(req.kind() == EslRequest.Kind.API
            ? reply.bodyText() : reply.header("Reply-Text"));
        if (req.kind() == EslRequest.Kind.BGAPI) {
          if (!r.ok()) {
            jobs.remove(req.jobUuid());
            result.complete(r);
            return;
          }
          // a FreeSWITCH that ignored our Job-UUID header names its own job in the reply; the
          // reply always precedes the job's BACKGROUND_JOB on the socket, so re-keying is safe
          String named = reply.header("Job-UUID");
          if (named != null && !named.equals(req.jobUuid())) {
            PendingJob job = jobs.remove(req.jobUuid());
            if (job != null) {
              jobs.put(named, job);
            }
          }
          return;
        }
        if (!r.ok() && firstError[0] == null) {
          firstError[0] = r;
        }
        if (last) {
          result.complete(firstError[0] != null ? firstError[0] : r);
        }
      }, e -> {
        if (req.jobUuid() != null) {
          jobs.remove(req.jobUuid());
        }
        result.completeExceptionally(e);
      });
      if (result.isDone()) {
        break;
      }
    }
    return this;
  }

  private Behavior<Msg> onJobDone(JobDone m) {
    PendingJob job = jobs.remove(m.job().jobUuid());
    if (job != null) {
      job.result().complete(m.job().result());
    }
    return this;
  }

  private void failAll(String reason) {
    Pending p;
    while ((p = pending.poll()) != null) {
      p.onFailure().accept(new MediaBridgeException.ConnectionLost(nodeId() + ": connection lost ("
          + reason + ") before the reply to '" + p.request().firstLine() + "'"));
    }
    for (Map.Entry<String, PendingJob> j : jobs.entrySet()) {
      j.getValue().result().completeExceptionally(new MediaBridgeException.ConnectionLost(nodeId()
          + ": connection lost (" + reason + ") before the result of job " + j.getKey()
          + "; reconciliation will show whether the channel exists"));
    }
    jobs.clear();
  }

  // ---------------------------------------------------------------- timers

  private Behavior<Msg> onTick() {
    long now = System.nanoTime();
    Pending head = pending.peek();
    if (head != null && now - head.deadlineNanos() > 0) {
      pending.poll();
      head.onFailure().accept(new MediaBridgeException.Timeout(nodeId() + ": no reply to '"
          + head.request().firstLine() + "' in time; the connection is closed and reopened"));
      log.warn("{}: no reply to '{}' in time; closing the connection", nodeId(),
          head.request().firstLine());
      kill("reply timeout");
    } else if (shared.state == NodeState.CONNECTING && now - handshakeDeadline > 0) {
      kill("no handshake in time");
      handshakeDeadline = Long.MAX_VALUE / 2 + now;
    }
    if (!jobs.isEmpty()) {
      Iterator<Map.Entry<String, PendingJob>> it = jobs.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, PendingJob> j = it.next();
        if (now - j.getValue().deadlineNanos() > 0) {
          it.remove();
          j.getValue().result().completeExceptionally(new MediaBridgeException.Timeout(nodeId()
              + ": no BACKGROUND_JOB for job " + j.getKey() + " (" + j.getValue().command()
              + ") within " + settings.backgroundJobTimeout().toSeconds() + " s"));
        }
      }
    }
    if (undelivered != null && handOff.hasRoom()) {
      MediaEvent.ChannelsReconciled r = undelivered;
      undelivered = null;
      deliverReconciled(r);
    }
    if (reconcileWanted != null && !reconciling && handOff.hasRoom()
        && shared.state == NodeState.CONNECTED) {
      MediaEvent.ReconcileReason reason = reconcileWanted;
      reconcileWanted = null;
      reconcile(reason);
    }
    return this;
  }

  private Behavior<Msg> onKeepAlive() {
    if (shared.state != NodeState.CONNECTED || keepAliveInFlight) {
      return this;
    }
    keepAliveInFlight = true;
    send(EslRequest.api("status"), settings.keepAliveTimeout(), r -> keepAliveInFlight = false,
        e -> keepAliveInFlight = false);
    return this;
  }

  // ---------------------------------------------------------------- reconciliation

  private Behavior<Msg> onReconcileRequested(ReconcileRequested m) {
    if (mode instanceof Inbound && reconcileWanted == null) {
      reconcileWanted = m.reason();
    }
    return this;
  }

  private void reconcile(MediaEvent.ReconcileReason reason) {
    if (reconciling) {
      reconcileWanted = reason;
      return;
    }
    reconciling = true;
    Set<String> before = Set.copyOf(shared.seenAlive);
    send(EslRequest.api("show channels as json"), settings.commandTimeout(), reply -> {
      List<LiveChannel> rows;
      try {
        rows = LiveChannels.parse(reply.bodyText());
      } catch (EslProtocolException e) {
        log.error("{}: reconciliation failed: {}", nodeId(), e.getMessage());
        reconciling = false;
        return;
      }
      List<LiveChannel> valid = new ArrayList<>(rows.size());
      for (LiveChannel c : rows) {
        try {
          EslValues.uuid("uuid", c.uuid());
          valid.add(c);
        } catch (MediaBridgeException.InvalidCommand e) {
          log.warn("{}: show channels listed an odd uuid '{}'; skipped", nodeId(), c.uuid());
        }
      }
      if (valid.isEmpty()) {
        finishReconcile(reason, before, List.of());
        return;
      }
      LiveChannel[] resolved = new LiveChannel[valid.size()];
      int[] remaining = {valid.size()};
      boolean[] failed = {false};
      for (int i = 0; i < valid.size(); i++) {
        int idx = i;
        LiveChannel c = valid.get(i);
        // show channels has no variables; one pipelined uuid_getvar per channel reads the call id
        send(EslRequest.api("uuid_getvar " + c.uuid() + " " + CALL_ID_VAR), settings.commandTimeout(),
            r -> {
              resolved[idx] = LiveChannels.withCallId(c, r.bodyText()).orElse(null);
              if (--remaining[0] == 0 && !failed[0]) {
                List<LiveChannel> live = new ArrayList<>();
                for (LiveChannel x : resolved) {
                  if (x != null) {
                    live.add(x);
                  }
                }
                finishReconcile(reason, before, live);
              }
            }, e -> {
              failed[0] = true;
              reconciling = false;
            });
      }
    }, e -> reconciling = false);
  }

  private void finishReconcile(MediaEvent.ReconcileReason reason, Set<String> before,
      List<LiveChannel> live) {
    reconciling = false;
    Set<String> liveIds = new HashSet<>();
    live.forEach(c -> liveIds.add(c.uuid()));
    List<String> gone = new ArrayList<>();
    for (String uuid : before) {
      if (!liveIds.contains(uuid)) {
        gone.add(uuid);
      }
    }
    gone.sort(null);
    shared.seenAlive.removeAll(gone);
    shared.seenAlive.addAll(liveIds);
    log.info("{}: reconciled ({}): {} live channels, {} gone", nodeId(), reason, live.size(), gone.size());
    deliverReconciled(new MediaEvent.ChannelsReconciled(nodeId(), reason, clock.instant(), live, gone));
  }

  private void deliverReconciled(MediaEvent.ChannelsReconciled r) {
    MediaEventListener l = shared.listener;
    if (l != null && !handOff.offer(r, l)) {
      undelivered = r; // retried on the tick once the buffer has room
    }
  }

  // ---------------------------------------------------------------- stop

  private Behavior<Msg> onStop(Stop m) {
    shared.state = NodeState.STOPPED;
    failAll("bridge stopped");
    if (killSwitch != null) {
      killSwitch.shutdown();
    }
    m.done().complete(Done.getInstance());
    if (mode instanceof Outbound o) {
      o.closed().complete(Done.getInstance());
    }
    return Behaviors.stopped();
  }

  /** The {@link OutboundCall} handed to the application. */
  private static final class Call implements OutboundCall {
    private final ChannelContext channel;
    private final ActorRef<Msg> actor;
    private final CompletableFuture<Done> closed;

    Call(ChannelContext channel, ActorRef<Msg> actor, CompletableFuture<Done> closed) {
      this.channel = channel;
      this.actor = actor;
      this.closed = closed;
    }

    @Override
    public ChannelContext channel() {
      return channel;
    }

    @Override
    public CompletionStage<CommandResult> execute(MediaCommand command) {
      CompletableFuture<CommandResult> f = new CompletableFuture<>();
      if (command instanceof MediaCommand.Originate) {
        f.completeExceptionally(new MediaBridgeException.InvalidCommand("originate is not"
            + " available on an outbound socket (no BACKGROUND_JOB there); use MediaBridge.execute"));
        return f;
      }
      try {
        actor.tell(new Execute(EslCommandRenderer.render(command, null), f));
      } catch (MediaBridgeException e) {
        f.completeExceptionally(e);
      }
      return f;
    }

    @Override
    public CompletionStage<Done> closed() {
      return closed;
    }
  }
}
