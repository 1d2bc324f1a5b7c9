package io.switchboard.media.sim.internal;

import io.switchboard.media.esl.EslMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.util.ByteString;

/**
 * One client connection of the simulator (an inbound ESL client, or the simulator's own
 * connection to an outbound-socket server). Mutable; touched only under the {@link SimSwitch}
 * lock, except {@link #out}, whose queue is thread-safe.
 */
public final class SimSession {

  final long id;
  final boolean outbound;
  volatile BoundedSourceQueue<ByteString> out;
  volatile UniqueKillSwitch kill;

  boolean authed;
  boolean greeted;
  boolean connected; // outbound: after "connect"
  String format; // null until "event ..." or "myevents"
  final Set<String> events = new HashSet<>();
  boolean allEvents;
  boolean myevents;
  String myeventsUuid;
  final List<String[]> filters = new ArrayList<>();
  Integer lingerSeconds; // null: no linger; 0: until the client closes
  String controlledUuid;
  boolean closing;
  boolean blocked; // a synchronous api (originate) is running: later commands wait
  final Deque<EslMessage> backlog = new ArrayDeque<>();

  SimSession(long id, boolean outbound) {
    this.id = id;
    this.outbound = outbound;
  }

  /** Queues bytes for the client; false if the client is too far behind (it is then dropped). */
  boolean write(String text) {
    return write(text.getBytes(StandardCharsets.UTF_8));
  }

  boolean write(byte[] bytes) {
    BoundedSourceQueue<ByteString> q = out;
    if (q == null || closing) {
      return false;
    }
    QueueOfferResult r = q.offer(ByteString.fromArrayUnsafe(bytes));
    return r == QueueOfferResult.enqueued();
  }

  int queued() {
    BoundedSourceQueue<ByteString> q = out;
    return q == null ? 0 : q.size();
  }

  /** Closes the connection once what was queued has been written. */
  void closeGracefully() {
    closing = true;
    BoundedSourceQueue<ByteString> q = out;
    if (q != null) {
      q.complete();
    }
  }

  void abort(Throwable reason) {
    closing = true;
    UniqueKillSwitch k = kill;
    if (k != null) {
      k.abort(reason);
    }
  }
}
