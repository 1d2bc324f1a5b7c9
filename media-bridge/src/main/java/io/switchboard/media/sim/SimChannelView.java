package io.switchboard.media.sim;

import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one simulated channel, for test assertions.
 *
 * @param state the FreeSWITCH channel state (CS_EXECUTE...)
 * @param callState DOWN, RINGING, EARLY, ACTIVE, HANGUP
 * @param playing the file playing now, if any
 * @param recording the path being recorded now, if any
 * @param bridgedTo the uuid of the channel it is bridged to, if any
 * @param variables channel variables
 */
public record SimChannelView(String uuid, String name, String direction, String callerNumber,
    String callerName, String destination, String state, String callState, boolean answered,
    boolean parked, boolean held, boolean muted, Optional<String> playing,
    Optional<String> recording, Optional<String> bridgedTo, Map<String, String> variables) {

  public SimChannelView {
    variables = Map.copyOf(variables);
  }
}
