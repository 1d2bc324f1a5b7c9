package io.switchboard.persistence;

/**
 * Marker for every message, event and snapshot that leaves a JVM or reaches the journal.
 *
 * <p>Bound to Pekko's {@code jackson-cbor} serializer in this module's {@code reference.conf}, so
 * the Jackson-visible shape of an implementing record is its stored schema: renaming a class or a
 * component of a journaled event needs a migration. Implementations are immutable values (records);
 * events and snapshots never hold actor references.
 */
public interface CborSerializable {}
