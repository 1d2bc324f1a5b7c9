package io.switchboard.engine.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.call.CallInput;
import io.switchboard.media.MediaEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaEventRouterTest {

  static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  static final String CALLER = "6f1d9c2e-0000-4000-8000-000000000001";
  static final String AGENT = "6f1d9c2e-0000-4000-8000-000000000002";
  static final String STRANGER = "6f1d9c2e-0000-4000-8000-000000000003";
  /** What the configuration kit's public dialplan sets before it parks a carrier's call. */
  static final Map<String, String> FROM_CARRIER = Map.of("switchboard_inbound", "true");

  record Delivery(String callId, CallInput input) {}

  final List<Delivery> delivered = new ArrayList<>();
  final MediaEventRouter router =
      new MediaEventRouter((callId, input) -> delivered.add(new Delivery(callId, input)), Clock.fixed(NOW, ZoneOffset.UTC));

  static MediaEvent.ChannelContext channel(String uuid, String direction, Map<String, String> variables,
      Optional<String> applicationUuid) {
    return new MediaEvent.ChannelContext("fs1", uuid, direction, "+12125550100", "Jane Doe", "+15551000100",
        1_790_000_000_000_000L, applicationUuid, variables);
  }

  @Test
  void aParkedInboundChannelStartsACallNamedAfterIt() {
    // when
    router.onEvent(new MediaEvent.ChannelParked(channel(CALLER, "inbound", FROM_CARRIER, Optional.empty())));

    // then
    assertThat(delivered).containsExactly(new Delivery(CALLER, new CallInput.ChannelParked("fs1", CALLER, "inbound",
        "+12125550100", "Jane Doe", "+15551000100", false, NOW)));
  }

  @Test
  void theInternalDialplanMarkIsRead() {
    router.onEvent(new MediaEvent.ChannelParked(channel(CALLER, "inbound", Map.of("switchboard_internal", "true"),
        Optional.empty())));
    assertThat(((CallInput.ChannelParked) delivered.get(0).input()).internal()).isTrue();
  }

  @Test
  void aChannelParkedWithoutTheDialplanMarkIsNotACall() {
    // when something else parks a channel (a parking lot, another application)
    router.onEvent(new MediaEvent.ChannelParked(channel(STRANGER, "inbound", Map.of(), Optional.empty())));
    router.onEvent(new MediaEvent.ChannelParked(channel(STRANGER, "inbound", Map.of("switchboard_inbound", "false"),
        Optional.empty())));
    router.onEvent(new MediaEvent.DtmfReceived(channel(STRANGER, "inbound", Map.of(), Optional.empty()), "1"));

    // then no call starts and the channel is not remembered
    assertThat(delivered).isEmpty();
    assertThat(router.knownChannels()).isZero();
  }

  @Test
  void legsGoToTheCallTheirVariableNamesAndEarlierEventsAreRemembered() {
    // given the caller is known
    router.onEvent(new MediaEvent.ChannelParked(channel(CALLER, "inbound", FROM_CARRIER, Optional.empty())));
    delivered.clear();

    // when the caller's events come without the variable, and an agent leg's with it
    router.onEvent(new MediaEvent.DtmfReceived(channel(CALLER, "inbound", Map.of(), Optional.empty()), "5"));
    router.onEvent(new MediaEvent.ChannelAnswered(channel(AGENT, "outbound",
        Map.of("switchboard_call_id", CALLER), Optional.empty())));
    router.onEvent(new MediaEvent.ExecuteCompleted(channel(CALLER, "inbound", Map.of(), Optional.of("app-1")),
        "playback", "x.wav", "FILE PLAYED"));
    router.onEvent(new MediaEvent.RecordStopped(channel(CALLER, "inbound", Map.of(), Optional.empty()),
        "/vm/a.wav", 1500, "success-silence"));
    router.onEvent(new MediaEvent.ChannelHungUp(channel(AGENT, "outbound", Map.of(), Optional.empty()), "NORMAL_CLEARING"));

    // then
    assertThat(delivered).containsExactly(
        new Delivery(CALLER, new CallInput.DtmfReceived(CALLER, "5", NOW)),
        new Delivery(CALLER, new CallInput.ChannelAnswered(AGENT, NOW)),
        new Delivery(CALLER, new CallInput.ApplicationCompleted(CALLER, "app-1", "playback", "FILE PLAYED", NOW)),
        new Delivery(CALLER, new CallInput.RecordStopped(CALLER, "/vm/a.wav", 1500, "success-silence", NOW)),
        new Delivery(CALLER, new CallInput.ChannelHungUp(AGENT, "NORMAL_CLEARING", NOW)));
    assertThat(router.knownChannels()).isEqualTo(1);
  }

  @Test
  void channelsOfNoCallAndEventsNoRuleUsesAreDropped() {
    // when
    router.onEvent(new MediaEvent.ChannelCreated(channel(STRANGER, "inbound", Map.of(), Optional.empty()), "sofia/x"));
    router.onEvent(new MediaEvent.ChannelAnswered(channel(STRANGER, "outbound", Map.of(), Optional.empty())));
    router.onEvent(new MediaEvent.ChannelParked(channel(STRANGER, "outbound", Map.of(), Optional.empty())));
    router.onEvent(new MediaEvent.PlaybackStarted(channel(AGENT, "outbound",
        Map.of("switchboard_call_id", CALLER), Optional.empty()), "x.wav"));

    // then
    assertThat(delivered).isEmpty();
  }

  @Test
  void aReconciliationTellsEachCallItsLiveAndGoneChannels() {
    // given a known agent leg of call A
    router.onEvent(new MediaEvent.ChannelAnswered(channel(AGENT, "outbound",
        Map.of("switchboard_call_id", "call-a"), Optional.empty())));
    delivered.clear();

    // when
    router.onEvent(new MediaEvent.ChannelsReconciled("fs1", MediaEvent.ReconcileReason.CONNECTED, NOW,
        List.of(new MediaEvent.LiveChannel(CALLER, "inbound", "", "1", "2", "CS_EXECUTE", "ACTIVE", Optional.of("call-b")),
            new MediaEvent.LiveChannel(STRANGER, "inbound", "", "1", "2", "CS_EXECUTE", "ACTIVE", Optional.empty())),
        List.of(AGENT)));

    // then
    assertThat(delivered).containsExactly(
        new Delivery("call-b", new CallInput.ChannelsLive("fs1", List.of(CALLER), NOW)),
        new Delivery("call-a", new CallInput.ChannelsGone(List.of(AGENT), "reconciliation (CONNECTED)", NOW)));
    assertThat(router.knownChannels()).isEqualTo(1);
  }
}
