package io.switchboard.engine.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person (or a shared phone) in the directory.
 *
 * @param id the user id (also the id of the user's own mailbox)
 * @param extension the internal extension, or {@code null} when the user has none
 * @param displayName the name shown on phones and searched by dial-by-name
 * @param endpoints where the user's calls ring, as FreeSWITCH dial strings ({@code user/1001},
 *     {@code sofia/internal/1001@10.0.0.5}, {@code {ignore_early_media=true}user/1001}); all
 *     endpoints ring at once
 * @param listedInDirectory whether dial-by-name finds the user
 */
public record User(String id, String extension, String displayName, List<String> endpoints, boolean listedInDirectory) {

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  /** Every problem with the given user fields, each naming its field; empty when valid. */
  public static List<Problem> problems(String id, String extension, String displayName, List<String> endpoints) {
    List<Problem> problems = new ArrayList<>();
    String idProblem = Ids.problem("user", id);
    if (idProblem != null) {
      problems.add(new Problem("id", idProblem));
    }
    if (extension != null) {
      String extensionProblem = extensionProblem(extension);
      if (extensionProblem != null) {
        problems.add(new Problem("extension", extensionProblem));
      }
    }
    if (displayName == null || displayName.isBlank()) {
      problems.add(new Problem("name", "user " + id + " has no name; give the name callers search for (dial by name)"));
    } else if (displayName.length() > 100 || displayName.chars().anyMatch(Character::isISOControl)) {
      problems.add(new Problem("name", "name of user " + id + " is longer than 100 characters or holds control characters"));
    }
    if (endpoints != null) {
      for (String endpoint : endpoints) {
        String endpointProblem = endpointProblem(endpoint);
        if (endpointProblem != null) {
          problems.add(new Problem("endpoints", endpointProblem));
        }
      }
    }
    return problems;
  }

  /** The problem with an extension, or {@code null}: 2 to 7 digits. */
  public static String extensionProblem(String extension) {
    if (extension == null || !extension.matches("[0-9]{2,7}")) {
      return "extension \"" + extension + "\" is invalid; use 2 to 7 digits";
    }
    return null;
  }

  /**
   * The problem with an endpoint dial string, or {@code null}. One endpoint is one dial string:
   * no whitespace or control characters, and no {@code ,} or {@code |} (list several endpoints
   * instead; the engine combines them).
   */
  public static String endpointProblem(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      return "an endpoint is empty; give a FreeSWITCH dial string such as user/1001";
    }
    if (endpoint.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return "endpoint \"" + endpoint + "\" holds whitespace or control characters";
    }
    if (endpoint.contains(",") || endpoint.contains("|") || endpoint.contains(":_:")) {
      return "endpoint \"" + endpoint + "\" combines several dial strings; list each endpoint separately";
    }
    if (!endpoint.contains("/")) {
      return "endpoint \"" + endpoint + "\" is not a FreeSWITCH dial string; write e.g. user/1001 or sofia/gateway/gw/+15551234567";
    }
    return null;
  }
}
