package io.switchboard.engine.http;

import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.voicemail.MailboxEntity;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.engine.voicemail.VoicemailMessage;
import java.time.Duration;
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
 * Voicemail boxes over HTTP: {@code GET /mailboxes/{id}}, the box with its message-waiting
 * indicator, greeting, settings and messages (newest first, deleted ones until purged).
 *
 * <p>Created by the organisation's wiring; thread-safe, never blocks.
 */
public final class MailboxRoutes extends AllDirectives {

  /**
   * A mailbox.
   *
   * @param messageWaiting whether the owner's message-waiting indicator is lit (a new message)
   * @param greeting the recorded greeting's file, or {@code null} for the system default
   */
  public record MailboxView(String id, MailboxKind kind, String owner, String name, boolean messageWaiting,
      int newMessages, int savedMessages, String greeting, MailboxSettings settings, List<VoicemailMessage> messages) {}

  private final ClusterSharding sharding;
  private final DirectoryView directory;
  private final Duration askTimeout;
  private final ApiResponses api;

  public MailboxRoutes(ClusterSharding sharding, DirectoryView directory, Duration askTimeout, ApiResponses api) {
    this.sharding = sharding;
    this.directory = directory;
    this.askTimeout = askTimeout;
    this.api = api;
  }

  /** The routes. */
  public Route route() {
    return pathPrefix("mailboxes", () ->
        path(PathMatchers.segment(), mailboxId -> get(() -> completeWithFuture(view(mailboxId)))));
  }

  private CompletionStage<HttpResponse> view(String mailboxId) {
    if (!directory.state().mailboxes().containsKey(mailboxId)) {
      return CompletableFuture.completedFuture(api.problem(StatusCodes.NOT_FOUND, "No such mailbox",
          "mailbox " + mailboxId + " is not in the directory; users get theirs with an extension or a number,"
              + " shared ones are listed under mailboxes"));
    }
    return sharding.entityRefFor(MailboxEntity.ENTITY_KEY, mailboxId).<MailboxState>ask(MailboxEntity.Get::new, askTimeout)
        .thenApply(state -> api.ok(of(state)))
        .exceptionally(api::failure);
  }

  static MailboxView of(MailboxState s) {
    List<VoicemailMessage> messages = s.messages().values().stream()
        .sorted(Comparator.comparing(VoicemailMessage::receivedAt).reversed().thenComparing(VoicemailMessage::messageId))
        .toList();
    return new MailboxView(s.mailboxId(), s.kind(), s.ownerUserId(), s.displayName(), s.newCount() > 0, s.newCount(),
        s.savedCount(), s.greeting().recordedFile(), s.settings(), messages);
  }
}
