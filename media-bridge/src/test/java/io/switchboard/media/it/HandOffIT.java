package io.switchboard.media.it;

import static io.switchboard.media.it.SimFixture.join;
import static io.switchboard.media.it.SimFixture.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.HandOffStats;
import io.switchboard.media.MediaBridge;
import io.switchboard.media.MediaEvent;
import io.switchboard.media.sim.EslSimulator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The bounded hand-off: the reader never waits; alarm, drops and reconciliation are explicit. */
class HandOffIT {

  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void a_stuck_listener_raises_the_alarm_drops_counted_events_and_gets_a_reconciliation() throws Exception {
    // given: a listener that blocks on its first DTMF until released, and a 32-event buffer
    EslSimulator sim = SimFixture.simulator(kit.system());
    CountDownLatch release = new CountDownLatch(1);
    EventLog seen = new EventLog();
    MediaBridge bridge = MediaBridge.start(kit.system(),
        SimFixture.settings(List.of(node("fs1", sim))).withHandOff(32, 0.5), e -> {
          seen.onEvent(e);
          if (e instanceof MediaEvent.DtmfReceived) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
          }
        });
    seen.await(MediaEvent.ChannelsReconciled.class);
    String call = sim.placeInboundCall("+15551230001", "Alice", "+15550100");
    seen.await(MediaEvent.ChannelParked.class);

    // when: 500 events arrive while the listener is stuck
    join(sim.emitBurst(call, 500));
    EventLog.awaitCondition("drops", () -> bridge.handOffStats().dropped() > 0
        && bridge.handOffStats().offered() >= 500);

    // then: the connection is still up (the reader did not wait), the alarm is on, drops counted
    HandOffStats stuck = bridge.handOffStats();
    assertThat(stuck.alarmActive()).isTrue();
    assertThat(stuck.alarmsRaised()).isEqualTo(1);
    assertThat(stuck.highWaterMark()).isEqualTo(32);
    assertThat(stuck.dropped()).isGreaterThan(400);
    assertThat(sim.connectionCount()).isEqualTo(1);

    // and when the listener recovers, the node is reconciled because events were lost
    release.countDown();
    var r = seen.await(MediaEvent.ChannelsReconciled.class,
        x -> x.reason() == MediaEvent.ReconcileReason.EVENTS_DROPPED);
    assertThat(r.live()).extracting(MediaEvent.LiveChannel::uuid).containsExactly(call);
    EventLog.awaitCondition("alarm cleared", () -> !bridge.handOffStats().alarmActive());
    // every event offered is accounted for: delivered (once the listener returns) or dropped
    EventLog.awaitCondition("all events accounted for", () -> {
      HandOffStats s = bridge.handOffStats();
      return s.delivered() + s.dropped() == s.offered();
    });
    join(bridge.stop());
    join(sim.stop());
  }
}
