package io.switchboard.media.outbound;

import io.switchboard.media.HandOffStats;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.internal.EslConnection;
import io.switchboard.media.internal.EventHandOff;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound mode: a TCP server for FreeSWITCH's {@code socket} application
 * ({@code <action application="socket" data="host:port async full"/>}), one connection per call.
 *
 * <p>For each connection it sends {@code connect} (the reply describes the channel),
 * {@code myevents}, the extra events myevents lacks (PLAYBACK_START/STOP, RECORD_STOP),
 * {@code linger} and one {@code filter Event-Name} per event the engine uses; then it gives the
 * {@link OutboundCall} to the {@link OutboundCallHandler}, whose listener receives the call's
 * events through the server's bounded hand-off. Created by the engine with {@link #start};
 * thread-safe.
 */
public final class OutboundSocketServer {

  private static final Logger log = LoggerFactory.getLogger(OutboundSocketServer.class);

  private final Tcp.ServerBinding binding;
  private final EventHandOff handOff;
  private final AtomicLong calls;

  private OutboundSocketServer(Tcp.ServerBinding binding, EventHandOff handOff, AtomicLong calls) {
    this.binding = binding;
    this.handOff = handOff;
    this.calls = calls;
  }

  /**
   * Listens on {@code settings.outbound().host()}:{@code port()} (port 0: a free port, see
   * {@link #address()}).
   */
  public static CompletionStage<OutboundSocketServer> start(ActorSystem<?> system,
      MediaBridgeSettings settings, OutboundCallHandler handler) {
    return start(system, settings, handler, Clock.systemUTC());
  }

  public static CompletionStage<OutboundSocketServer> start(ActorSystem<?> system,
      MediaBridgeSettings settings, OutboundCallHandler handler, Clock clock) {
    // an outbound connection has no reconciliation to fall back on: a drop is only logged
    EventHandOff handOff = new EventHandOff(system, "outbound-socket",
        settings.handOffBufferSize(), settings.handOffAlarmCount(), nodeId -> { });
    AtomicLong calls = new AtomicLong();
    return Tcp.get(system).bind(settings.outbound().host(), settings.outbound().port())
        .to(Sink.foreach(connection -> {
          calls.incrementAndGet();
          system.systemActorOf(EslConnection.outbound(connection, handler,
                  new CompletableFuture<>(), settings, handOff, clock),
              "media-outbound-" + UUID.randomUUID(), Props.empty());
        }))
        .run(system)
        .thenApply(b -> {
          log.info("outbound socket server listening on {}", b.localAddress());
          return new OutboundSocketServer(b, handOff, calls);
        });
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** Connections accepted since start. */
  public long connectionsAccepted() {
    return calls.get();
  }

  public HandOffStats handOffStats() {
    return handOff.stats();
  }

  /** Stops accepting; calls in progress keep their connections. */
  public CompletionStage<Done> unbind() {
    return binding.unbind().thenApply(x -> Done.getInstance());
  }
}
