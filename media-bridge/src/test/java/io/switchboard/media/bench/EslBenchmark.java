package io.switchboard.media.bench;

import com.typesafe.config.ConfigFactory;
import io.switchboard.media.HandOffStats;
import io.switchboard.media.MediaBridge;
import io.switchboard.media.MediaBridgeSettings;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.esl.EslEvent;
import io.switchboard.media.esl.EslEventParser;
import io.switchboard.media.esl.EslFrameDecoder;
import io.switchboard.media.esl.Transcript;
import io.switchboard.media.internal.MediaEventMapper;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.SimulatorSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Measures events per second: (1) the codec alone (frame decoding, event parsing and typing) on
 * the real captures, plain and json; (2) a bridge connection fed by the ESL simulator over TCP on
 * 127.0.0.1, end to end to a counting listener. Prints figures; not a pass/fail test.
 *
 * <p>Run: {@code mvn -q -pl media-bridge test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.media.bench.EslBenchmark}
 */
public final class EslBenchmark {

  private static volatile Object sink;

  public static void main(String[] args) throws Exception {
    System.out.println("ESL benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.version") + ")");
    codec("inbound-events-plain.txt");
    codec("inbound-events-json.txt");
    codec("inbound-sip-call.txt");
    connection(MediaBridgeSettings.EventFormat.JSON, 200_000);
    connection(MediaBridgeSettings.EventFormat.PLAIN, 200_000);
    System.exit(0);
  }

  private static void codec(String file) {
    Transcript t = Transcript.load(file);
    byte[] stream = Transcript.concat(t.receivedByConnection().values().iterator().next());
    int eventsPerPass = (int) t.events().stream().count();
    // warm up, then measure for a fixed time
    run(stream, 6_000);
    long start = System.nanoTime();
    long passes = run(stream, 5_000);
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf("codec  %-26s %9.0f events/s  %7.1f MB/s  (avg event %d bytes)%n", file,
        passes * eventsPerPass / secs, passes * stream.length / secs / 1e6,
        stream.length / Math.max(1, eventsPerPass));
  }

  private static long run(byte[] stream, long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long passes = 0;
    while (System.nanoTime() < end) {
      EslFrameDecoder d = EslFrameDecoder.forReplies();
      // 8 KiB reads, as a socket would deliver them
      for (int off = 0; off < stream.length; off += 8192) {
        d.decode(stream, off, Math.min(8192, stream.length - off), m -> {
          if (EslEventParser.isEvent(m)) {
            EslEvent e = EslEventParser.parse(m);
            Optional<MediaEvent> typed = MediaEventMapper.map("fs1", e);
            sink = typed;
          }
        });
      }
      passes++;
    }
    return passes;
  }

  private static void connection(MediaBridgeSettings.EventFormat format, int count) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench",
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    try {
      EslSimulator sim = EslSimulator.start(system, SimulatorSettings.of(0, "ClueCon"))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      AtomicLong dtmf = new AtomicLong();
      AtomicLong reconciled = new AtomicLong();
      MediaBridgeSettings settings = MediaBridgeSettings.fromConfig(ConfigFactory.load())
          .withNodes(List.of(new MediaBridgeSettings.Node("fs1", "127.0.0.1", sim.port(), "ClueCon")))
          .withEventFormat(format);
      MediaBridge bridge = MediaBridge.start(system, settings, e -> {
        if (e instanceof MediaEvent.DtmfReceived) {
          dtmf.incrementAndGet();
        } else if (e instanceof MediaEvent.ChannelsReconciled) {
          reconciled.incrementAndGet();
        }
      });
      waitUntil(() -> reconciled.get() > 0);
      String call = sim.placeInboundCall("+15551230001", "Bench", "+15550100");
      // warm-up burst
      sim.emitBurst(call, 20_000).toCompletableFuture().get(60, TimeUnit.SECONDS);
      waitUntil(() -> dtmf.get() + bridge.handOffStats().dropped() >= 20_000);
      dtmf.set(0);
      long dropped0 = bridge.handOffStats().dropped();
      long start = System.nanoTime();
      sim.emitBurst(call, count).toCompletableFuture().get(120, TimeUnit.SECONDS);
      waitUntil(() -> dtmf.get() + bridge.handOffStats().dropped() - dropped0 >= count);
      double secs = (System.nanoTime() - start) / 1e9;
      HandOffStats h = bridge.handOffStats();
      System.out.printf("conn   %-26s %9.0f events/s  (%d events in %.2f s; dropped %d; hand-off"
              + " high-water %d of %d)%n", "simulator->bridge " + format.wireName(), count / secs,
          count, secs, h.dropped() - dropped0, h.highWaterMark(), h.capacity());
      bridge.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      sim.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    sink = Map.of();
  }

  private static void waitUntil(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark condition not reached in 120 s");
      }
      Thread.sleep(5);
    }
  }
}
