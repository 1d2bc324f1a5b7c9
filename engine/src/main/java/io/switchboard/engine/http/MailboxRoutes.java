package io.switchboard.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.MailboxEntry;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.voicemail.Greeting;
import io.switchboard.engine.voicemail.MailboxCommand;
import io.switchboard.engine.voicemail.MailboxEntity;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.engine.voicemail.MailboxState;
import io.switchboard.engine.voicemail.VoicemailMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;

/**
 * Voicemail boxes over HTTP:
 *
 * <ul>
 *   <li>{@code GET /mailboxes}: every box of the directory with its counts and message-waiting
 *       indicator;
 *   <li>{@code GET /mailboxes/{id}}: the box with its indicator, greeting, settings and messages
 *       (newest first, deleted ones until purged);
 *   <li>{@code POST /mailboxes/{id}/messages/{messageId}/save|new|delete|restore}: move a message
 *       through its life (new → saved, saved → new, new or saved → deleted, deleted → saved);
 *   <li>{@code POST /mailboxes/{id}/purge}: remove the deleted messages for good;
 *   <li>{@code PUT /mailboxes/{id}/greeting} with {@code {"file": "/abs/path.wav"}}: use a recorded
 *       greeting; {@code DELETE /mailboxes/{id}/greeting}: back to the default one.
 * </ul>
 *
 * <p>Changes answer 200 with the box as it is afterwards. The rules are {@link
 * io.switchboard.engine.voicemail.MailboxDomain}'s: repeating a change (saving a saved message,
 * deleting a deleted one) is an accepted no-op, a change the message's state forbids is 409, an
 * unknown box or message 404, a malformed body or greeting file 400; a refused request changes
 * nothing. The {@code at} of every command is the engine's injected clock.
 *
 * <p>Created by the organisation's wiring; thread-safe, never blocks (every answer is a future of
 * an entity's reply).
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

  /**
   * One line of {@code GET /mailboxes}.
   *
   * @param deletedMessages deleted messages not purged yet
   * @param greeting the recorded greeting's file, or {@code null} for the system default
   */
  public record MailboxSummary(String id, MailboxKind kind, String owner, String name, boolean messageWaiting,
      int newMessages, int savedMessages, int deletedMessages, String greeting) {}

  /**
   * File extensions FreeSWITCH's {@code playback} reads with its stock format modules:
   * mod_sndfile (wav, aiff, au, flac, ogg, raw signed linear r8 to r48) and mod_shout (mp3).
   */
  static final Set<String> SOUND_EXTENSIONS =
      Set.of("wav", "aif", "aiff", "au", "flac", "ogg", "mp3", "r8", "r16", "r24", "r32", "r48");

  // Characters a greeting path may hold. Playback's argument travels in an ESL sendmsg, where
  // FreeSWITCH expands '$' and reads '{...}' as variables, '!' and quotes have meanings too; a
  // plain path alphabet keeps the file exactly as given.
  private static final Pattern GREETING_PATH = Pattern.compile("/[A-Za-z0-9._/+-]+");

  private static final String LIFECYCLE =
      "messages go new -> saved (save), saved -> new (new), new or saved -> deleted (delete), deleted -> saved (restore)";

  private final ClusterSharding sharding;
  private final DirectoryView directory;
  private final Clock clock;
  private final Duration askTimeout;
  private final ApiResponses api;

  public MailboxRoutes(ClusterSharding sharding, DirectoryView directory, Clock clock, Duration askTimeout, ApiResponses api) {
    this.sharding = sharding;
    this.directory = directory;
    this.clock = clock;
    this.askTimeout = askTimeout;
    this.api = api;
  }

  /** The routes. */
  public Route route() {
    return pathPrefix("mailboxes", () -> concat(
        pathEnd(() -> get(() -> completeWithFuture(list()))),
        pathPrefix(PathMatchers.segment(), mailboxId -> concat(
            pathEnd(() -> get(() -> completeWithFuture(view(mailboxId)))),
            path(PathMatchers.segment("messages").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
                (messageId, action) -> post(() -> completeWithFuture(message(mailboxId, messageId, action)))),
            path("purge", () -> post(() -> completeWithFuture(
                submit(mailboxId, null, new MailboxCommand.PurgeDeleted(clock.instant()))))),
            path("greeting", () -> concat(
                put(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(recordGreeting(mailboxId, body)))),
                delete(() -> completeWithFuture(
                    submit(mailboxId, null, new MailboxCommand.UseDefaultGreeting(clock.instant()))))))))));
  }

  private EntityRef<MailboxEntity.Command> mailbox(String mailboxId) {
    return sharding.entityRefFor(MailboxEntity.ENTITY_KEY, mailboxId);
  }

  private CompletionStage<MailboxState> state(String mailboxId) {
    return mailbox(mailboxId).ask(MailboxEntity.Get::new, askTimeout);
  }

  private boolean known(String mailboxId) {
    return directory.state().mailboxes().containsKey(mailboxId);
  }

  private HttpResponse notFound(String mailboxId) {
    return api.problem(StatusCodes.NOT_FOUND, "No such mailbox",
        "mailbox " + mailboxId + " is not in the directory; users get theirs with an extension or a number,"
            + " shared ones are listed under mailboxes (GET /mailboxes)");
  }

  private CompletionStage<HttpResponse> list() {
    List<MailboxEntry> entries = directory.state().mailboxes().values().stream()
        .sorted(Comparator.comparing(MailboxEntry::id)).toList();
    List<CompletableFuture<MailboxSummary>> summaries = entries.stream()
        .map(entry -> state(entry.id()).thenApply(MailboxRoutes::summary).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(summaries.toArray(CompletableFuture[]::new))
        .thenApply(done -> api.ok(summaries.stream().map(CompletableFuture::join).toList()))
        .exceptionally(api::failure);
  }

  private CompletionStage<HttpResponse> view(String mailboxId) {
    if (!known(mailboxId)) {
      return done(notFound(mailboxId));
    }
    return state(mailboxId).thenApply(state -> api.ok(of(state))).exceptionally(api::failure);
  }

  private CompletionStage<HttpResponse> message(String mailboxId, String messageId, String action) {
    Instant at = clock.instant();
    MailboxCommand command = switch (action) {
      case "save" -> new MailboxCommand.SaveMessage(messageId, at);
      case "new" -> new MailboxCommand.MarkNew(messageId, at);
      case "delete" -> new MailboxCommand.DeleteMessage(messageId, at);
      case "restore" -> new MailboxCommand.RestoreMessage(messageId, at);
      default -> null;
    };
    if (command == null) {
      return done(api.problem(StatusCodes.NOT_FOUND, "No such action",
          "\"" + action + "\" is not an action on a message; use save, new, delete or restore"));
    }
    return submit(mailboxId, messageId, command);
  }

  private CompletionStage<HttpResponse> recordGreeting(String mailboxId, String body) {
    if (!known(mailboxId)) {
      return done(notFound(mailboxId));
    }
    JsonNode json;
    try {
      json = api.mapper().readTree(body);
    } catch (IOException e) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Malformed body",
          "the body is not JSON (" + e.getMessage().lines().findFirst().orElse("")
              + "); send {\"file\": \"/var/lib/switchboard/voicemail/" + mailboxId + "/greeting.wav\"}"));
    }
    if (json == null || !json.isObject() || !json.path("file").isTextual()) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Missing file",
          "give the recorded greeting's path on the FreeSWITCH host as a string:"
              + " {\"file\": \"/var/lib/switchboard/voicemail/" + mailboxId + "/greeting.wav\"};"
              + " DELETE /mailboxes/" + mailboxId + "/greeting goes back to the default greeting"));
    }
    String file = json.get("file").asText();
    String problem = greetingFileProblem(file);
    if (problem != null) {
      return done(api.problem(StatusCodes.BAD_REQUEST, "Bad greeting file", problem));
    }
    return submit(mailboxId, null, new MailboxCommand.RecordGreeting(file, clock.instant()));
  }

  /**
   * Why {@code file} cannot be a recorded greeting, or {@code null} when it can: the mailbox's own
   * path rule ({@link Greeting}: absolute, no whitespace or control characters), then what
   * FreeSWITCH's playback needs (a plain path alphabet, a sound file extension it reads).
   */
  static String greetingFileProblem(String file) {
    if (file == null) {
      return "the greeting file is missing; give its absolute path on the FreeSWITCH host";
    }
    try {
      Greeting.recorded(file);
    } catch (IllegalArgumentException e) {
      return "greeting " + e.getMessage();
    }
    String shown = file.length() > 80 ? file.substring(0, 80) + "..." : file;
    if (!GREETING_PATH.matcher(file).matches()) {
      return "greeting file \"" + shown + "\" holds characters FreeSWITCH's playback would interpret;"
          + " use letters, digits and . _ / + - only";
    }
    String name = file.substring(file.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String extension = dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!SOUND_EXTENSIONS.contains(extension)) {
      return "greeting file \"" + shown + "\" has " + (extension.isEmpty() ? "no extension" : "extension ." + extension)
          + ", which FreeSWITCH does not play; use one of " + SOUND_EXTENSIONS.stream().sorted().map(x -> "." + x).toList()
          + " (.wav is safest; .mp3 needs mod_shout)";
    }
    if (("/" + file + "/").contains("/../")) {
      return "greeting file \"" + shown + "\" climbs with '..'; give the file's plain absolute path";
    }
    return null;
  }

  /**
   * Sends {@code command} to the box; a refusal is 404 when the message it names does not exist,
   * 409 otherwise, both with the mailbox's reason.
   */
  private CompletionStage<HttpResponse> submit(String mailboxId, String messageId, MailboxCommand command) {
    if (!known(mailboxId)) {
      return done(notFound(mailboxId));
    }
    return mailbox(mailboxId).<StatusReply<MailboxState>>ask(replyTo -> new MailboxEntity.Submit(command, replyTo), askTimeout)
        .thenCompose(reply -> reply.isSuccess()
            ? done(api.ok(of(reply.getValue())))
            : refused(mailboxId, messageId, reply.getError().getMessage()))
        .exceptionally(api::failure);
  }

  // The entity answers a refusal with its reason only; whether the message exists decides between
  // "no such message" and "not in that state" (read after the refusal, so it is the current truth).
  private CompletionStage<HttpResponse> refused(String mailboxId, String messageId, String reason) {
    if (messageId == null) {
      return done(api.problem(StatusCodes.CONFLICT, "Refused", reason));
    }
    Function<MailboxState, HttpResponse> answer = state -> state.messages().containsKey(messageId)
        ? api.problem(StatusCodes.CONFLICT, "Refused", reason + "; " + LIFECYCLE)
        : api.problem(StatusCodes.NOT_FOUND, "No such message",
            reason + "; GET /mailboxes/" + mailboxId + " lists its messages (purged ones are gone for good)");
    return state(mailboxId).thenApply(answer);
  }

  static MailboxView of(MailboxState s) {
    List<VoicemailMessage> messages = s.messages().values().stream()
        .sorted(Comparator.comparing(VoicemailMessage::receivedAt).reversed().thenComparing(VoicemailMessage::messageId))
        .toList();
    return new MailboxView(s.mailboxId(), s.kind(), s.ownerUserId(), s.displayName(), s.newCount() > 0, s.newCount(),
        s.savedCount(), s.greeting().recordedFile(), s.settings(), messages);
  }

  static MailboxSummary summary(MailboxState s) {
    return new MailboxSummary(s.mailboxId(), s.kind(), s.ownerUserId(), s.displayName(), s.newCount() > 0,
        s.newCount(), s.savedCount(), s.messagesIn(VoicemailMessage.Status.DELETED).size(), s.greeting().recordedFile());
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
