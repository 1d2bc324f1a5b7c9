package io.switchboard.engine.directory;

/**
 * Whose voicemail box it is. A user's box is provisioned automatically when the user gets an
 * extension or a number (see {@link DirectoryDomain}); shared boxes (a team's, a queue's overflow)
 * are declared in the directory file.
 */
public enum MailboxKind {
  /** Belongs to one user; its id is the user's id. */
  USER,
  /** Shared by a team; declared explicitly. */
  SHARED
}
