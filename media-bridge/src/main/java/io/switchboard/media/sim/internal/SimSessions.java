package io.switchboard.media.sim.internal;

import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.util.ByteString;

/** Gives the transport's queue and kill switch to a session (the session type stays internal). */
public final class SimSessions {

  private SimSessions() {}

  public static void attach(SimSession s, BoundedSourceQueue<ByteString> out, UniqueKillSwitch kill) {
    s.out = out;
    s.kill = kill;
  }
}
