package io.switchboard.engine.http;

import io.switchboard.engine.directory.DirectoryReload;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.DirectoryView;
import io.switchboard.engine.directory.E164;
import io.switchboard.engine.directory.NumberPattern;
import io.switchboard.engine.directory.NumberState;
import io.switchboard.engine.directory.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The directory over HTTP: {@code GET /directory/numbers?prefix=&pattern=&state=} (the number
 * inventory, searched), {@code GET /users}, and {@code POST /directory/reload} (load the directory
 * file again; a file with errors changes nothing and the answer lists every error).
 *
 * <p>Reads answer from this node's {@link DirectoryView}. Created by the organisation's wiring;
 * thread-safe, never blocks.
 */
public final class DirectoryRoutes extends AllDirectives {

  /** A number of the inventory; {@code assignedTo} is {@code null} unless assigned. */
  public record NumberView(String number, String state, Target assignedTo) {}

  /**
   * A user.
   *
   * @param numbers the numbers assigned to the user, ascending
   * @param mailbox the user's own mailbox id, {@code null} until provisioned
   */
  public record UserView(String id, String extension, String name, List<String> endpoints, boolean listedInDirectory,
      List<String> numbers, String mailbox) {}

  private final DirectoryView directory;
  private final DirectoryReload reload;
  private final ApiResponses api;

  public DirectoryRoutes(DirectoryView directory, DirectoryReload reload, ApiResponses api) {
    this.directory = directory;
    this.reload = reload;
    this.api = api;
  }

  /** The routes. */
  public Route route() {
    return concat(
        path(PathMatchers.segment("directory").slash("numbers"), () -> get(() ->
            parameterOptional("prefix", prefix ->
                parameterOptional("pattern", pattern ->
                    parameterOptional("state", state -> complete(numbers(prefix, pattern, state))))))),
        path(PathMatchers.segment("directory").slash("reload"), () -> post(() -> completeWithFuture(reload()))),
        path("users", () -> get(() -> complete(users()))));
  }

  HttpResponse numbers(Optional<String> prefix, Optional<String> pattern, Optional<String> state) {
    if (prefix.isPresent() && !prefix.get().matches("\\+[0-9]{0,15}")) {
      return api.problem(StatusCodes.BAD_REQUEST, "Bad prefix",
          "prefix \"" + prefix.get() + "\" is not the start of an E.164 number; write it as + and digits, e.g. %2B1555 in a URL");
    }
    NumberPattern numberPattern = null;
    if (pattern.isPresent()) {
      String problem = NumberPattern.problem(pattern.get());
      if (problem != null) {
        return api.problem(StatusCodes.BAD_REQUEST, "Bad pattern", problem);
      }
      numberPattern = NumberPattern.of(pattern.get());
    }
    NumberState numberState = null;
    if (state.isPresent()) {
      numberState = Arrays.stream(NumberState.values())
          .filter(s -> word(s).equals(state.get().strip().toLowerCase(Locale.ROOT).replace('_', '-')))
          .findFirst().orElse(null);
      if (numberState == null) {
        return api.problem(StatusCodes.BAD_REQUEST, "Bad state", "state \"" + state.get() + "\" is unknown; use one of "
            + Arrays.stream(NumberState.values()).map(DirectoryRoutes::word).collect(Collectors.joining(", ")));
      }
    }
    List<NumberView> numbers = directory.numbers(prefix.orElse(null), numberPattern, numberState).stream()
        .map(n -> new NumberView(n.number().value(), word(n.state()), n.assignedTo()))
        .toList();
    return api.ok(numbers);
  }

  HttpResponse users() {
    DirectoryState state = directory.state();
    List<UserView> users = directory.users().stream()
        .map(u -> new UserView(u.id(), u.extension(), u.displayName(), u.endpoints(), u.listedInDirectory(),
            state.numbersOf(Target.user(u.id())).stream().map(E164::value).toList(),
            state.mailboxes().containsKey(u.id()) ? u.id() : null))
        .toList();
    return api.ok(users);
  }

  private CompletionStage<HttpResponse> reload() {
    return reload.reload().thenApply(result -> {
      if (result instanceof DirectoryReload.Applied applied) {
        return api.ok(applied);
      }
      if (result instanceof DirectoryReload.Refused refused) {
        return api.problem(StatusCodes.UNPROCESSABLE_CONTENT, "Directory not reloaded",
            refused.summary() + "; nothing changed", refused.errors());
      }
      return api.problem(StatusCodes.CONFLICT, "No directory file",
          "no directory file is configured; set switchboard.engine.directory-file (SWITCHBOARD_DIRECTORY_FILE)");
    }).exceptionally(api::failure);
  }

  private static String word(NumberState state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
