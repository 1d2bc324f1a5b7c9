package io.switchboard.engine.directory;

import java.util.Objects;

/**
 * One way to place an outside call: the gateway's dial string for the destination and the caller
 * id it presents. The media bridge sets the caller id as origination variables (escaped there),
 * never inside the dial string.
 *
 * @param gatewayId the gateway
 * @param dialString the FreeSWITCH dial string, destination filled in
 * @param callerIdNumber the number presented, in the gateway's format
 * @param callerIdName the name presented, or {@code null} for none
 */
public record GatewayAttempt(String gatewayId, String dialString, String callerIdNumber, String callerIdName) {

  public GatewayAttempt {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(dialString, "dialString");
    Objects.requireNonNull(callerIdNumber, "callerIdNumber");
  }
}
