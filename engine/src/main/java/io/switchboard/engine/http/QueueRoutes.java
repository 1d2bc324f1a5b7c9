package io.switchboard.engine.http;

import io.switchboard.agents.Presence;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.QueueEntry;
import io.switchboard.engine.queue.QueueEntity;
import io.switchboard.engine.queue.QueueView;
import io.switchboard.engine.queue.routing.AgentStatus;
import io.switchboard.engine.queue.routing.RoutingMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Queues for supervisors: {@code GET /queues} (every queue of the directory with its live
 * figures) and {@code GET /queues/{id}} (waiting calls with position and wait, offers in progress,
 * connected calls, members with status, counters, the last routing decisions).
 *
 * <p>Everything shown is derived from each Queue entity's journaled state. Created by the
 * organisation's wiring; thread-safe, never blocks.
 */
public final class QueueRoutes extends AllDirectives {

  /**
   * One queue in the list.
   *
   * @param available members signed in, opted in and free now (not on a call, not reserved, not in
   *     wrap-up, presence available)
   * @param longestWait the wait of the caller waiting longest, {@code null} when nobody waits
   */
  public record QueueSummary(
      String id,
      String name,
      String extension,
      RoutingMethod routingMethod,
      int waiting,
      Duration longestWait,
      int offersInProgress,
      int connected,
      int members,
      int signedIn,
      int available,
      QueueView.Counters counters) {}

  /** One queue in full: the directory's name and extension, and the view. */
  public record QueueDetail(String id, String name, String extension, QueueView view) {}

  private final ClusterSharding sharding;
  private final DirectoryView directory;
  private final Duration askTimeout;
  private final ApiResponses api;

  public QueueRoutes(ClusterSharding sharding, DirectoryView directory, Duration askTimeout, ApiResponses api) {
    this.sharding = sharding;
    this.directory = directory;
    this.askTimeout = askTimeout;
    this.api = api;
  }

  /** The routes. */
  public Route route() {
    return pathPrefix("queues", () -> concat(
        pathEnd(() -> get(() -> completeWithFuture(list()))),
        path(PathMatchers.segment(), queueId -> get(() -> completeWithFuture(detail(queueId))))));
  }

  private CompletionStage<QueueView> view(String queueId) {
    return sharding.entityRefFor(QueueEntity.ENTITY_KEY, queueId).ask(QueueEntity.GetView::new, askTimeout);
  }

  private CompletionStage<HttpResponse> detail(String queueId) {
    QueueEntry entry = directory.state().queues().get(queueId);
    if (entry == null) {
      return CompletableFuture.completedFuture(api.problem(StatusCodes.NOT_FOUND, "No such queue",
          "queue " + queueId + " is not in the directory; queues: "
              + String.join(", ", directory.state().queues().keySet().stream().sorted().toList())));
    }
    return view(queueId)
        .thenApply(v -> api.ok(new QueueDetail(entry.id(), entry.displayName(), entry.extension(), v)))
        .exceptionally(api::failure);
  }

  private CompletionStage<HttpResponse> list() {
    List<QueueEntry> queues = directory.state().queues().values().stream()
        .sorted(Comparator.comparing(QueueEntry::id)).toList();
    List<CompletableFuture<QueueSummary>> summaries = queues.stream()
        .map(q -> view(q.id()).thenApply(v -> summary(q, v)).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(summaries.toArray(CompletableFuture[]::new))
        .thenApply(done -> api.ok(summaries.stream().map(CompletableFuture::join).toList()))
        .exceptionally(api::failure);
  }

  static QueueSummary summary(QueueEntry entry, QueueView view) {
    Instant at = view.at();
    int signedIn = 0;
    int available = 0;
    for (QueueView.Member member : view.members()) {
      AgentStatus s = member.status();
      if (s.signedIn()) {
        signedIn++;
      }
      boolean inWrapUp = s.wrapUpUntil() != null && at.isBefore(s.wrapUpUntil());
      if (s.signedIn() && s.optedIn() && !s.onCall() && !s.reservedElsewhere() && member.offeredCall() == null
          && !inWrapUp && s.presence() == Presence.AVAILABLE) {
        available++;
      }
    }
    int offers = view.waiting().stream().mapToInt(w -> w.offers().size()).sum();
    Duration longest = view.waiting().stream().map(QueueView.Waiting::waited).max(Comparator.naturalOrder()).orElse(null);
    return new QueueSummary(entry.id(), entry.displayName(), entry.extension(), view.policy().routingMethod(),
        view.waiting().size(), longest, offers, view.connected().size(), view.members().size(), signedIn, available,
        view.counters());
  }
}
