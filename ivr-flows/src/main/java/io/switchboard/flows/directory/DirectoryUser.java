package io.switchboard.flows.directory;

import java.util.Objects;

/**
 * A user as flows see them: for dial by extension and dial by name.
 *
 * @param id the user id transfers refer to
 * @param extension the internal extension digits, or empty when the user has none
 * @param displayName the name callers spell in dial by name ("Alice Martin")
 */
public record DirectoryUser(String id, String extension, String displayName) {
  public DirectoryUser {
    Objects.requireNonNull(id, "id");
    extension = extension == null ? "" : extension;
    displayName = displayName == null ? "" : displayName;
  }
}
