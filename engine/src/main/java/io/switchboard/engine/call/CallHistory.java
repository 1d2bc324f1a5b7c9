package io.switchboard.engine.call;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A call's journaled events, oldest first: its history as the API shows it and what a replay
 * reads. The engine reads them from the Cassandra journal ({@link #journal}); tests give fixed
 * lists. Implementations are thread-safe and never block.
 */
@FunctionalInterface
public interface CallHistory {

  /** The events of call {@code callId} (empty for a call that never started). */
  CompletionStage<List<CallEvent>> events(String callId);

  /** The history from the Cassandra journal, through Pekko Persistence Query. */
  static CallHistory journal(ActorSystem<?> system) {
    CassandraReadJournal journal = PersistenceQuery.get(Adapter.toClassic(system))
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    return callId -> journal
        .currentEventsByPersistenceId(PersistenceId.of(CallEntity.ENTITY_KEY.name(), callId).id(), 0L, Long.MAX_VALUE)
        .map(envelope -> (CallEvent) envelope.event())
        .runWith(Sink.seq(), system);
  }
}
