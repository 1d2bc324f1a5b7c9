package io.switchboard.media.outbound;

import io.switchboard.media.CommandResult;
import io.switchboard.media.MediaCommand;
import io.switchboard.media.MediaEvent.ChannelContext;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * One call that FreeSWITCH's {@code socket} application handed to the
 * {@link OutboundSocketServer}: the channel it controls and the command API scoped to it.
 *
 * <p>Created by the server when FreeSWITCH connects and has answered {@code connect}; given to
 * the {@link OutboundCallHandler}. Thread-safe: {@link #execute} never blocks and may be called
 * from any thread (an actor pipes the stage to itself).
 */
public interface OutboundCall {

  /** The controlled channel as the {@code connect} reply (CHANNEL_DATA) described it. */
  ChannelContext channel();

  /**
   * Runs a command on this connection. {@link MediaCommand.Originate} is refused: FreeSWITCH
   * does not deliver BACKGROUND_JOB results on an outbound socket ({@code myevents} keeps only
   * this channel's events), so originate through the inbound {@code MediaBridge}.
   */
  CompletionStage<CommandResult> execute(MediaCommand command);

  /** Completes when FreeSWITCH has closed the socket (after the hangup and linger). */
  CompletionStage<Done> closed();
}
