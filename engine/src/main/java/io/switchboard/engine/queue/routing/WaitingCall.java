package io.switchboard.engine.queue.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A call waiting in a queue, with its live offers and its deadlines.
 *
 * <p>Held in {@link QueueState#waiting()}; the order of service is {@link WaitingOrder#ORDER}
 * (priority, then arrival). Immutable, thread-safe.
 *
 * @param callId the call (journey) id
 * @param callerNumber the caller's number as received, may be {@code "anonymous"}
 * @param callerName the caller id name, or {@code null}
 * @param dialedNumber the number the caller dialled, or {@code null}
 * @param priority {@value QueuePolicy#MIN_PRIORITY} to {@value QueuePolicy#MAX_PRIORITY}, higher is
 *     served first
 * @param arrivedAt when the call joined the queue
 * @param arrivalSeq the queue's arrival counter, breaking equal arrival instants
 * @param requiredSkills skills this call needs on top of the queue's
 * @param triedAgents agents offered this call in the current round
 * @param offers live offers (one, or several for ring-all)
 * @param timeoutAt when the queue timeout applies, or {@code null} when the queue has none
 * @param nextAnnouncementAt when the next position/wait announcement is due, or {@code null}
 */
public record WaitingCall(
    String callId,
    String callerNumber,
    String callerName,
    String dialedNumber,
    int priority,
    Instant arrivedAt,
    long arrivalSeq,
    Map<String, Integer> requiredSkills,
    Set<String> triedAgents,
    List<Offer> offers,
    Instant timeoutAt,
    Instant nextAnnouncementAt) {

  public WaitingCall {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(arrivedAt, "arrivedAt");
    requiredSkills = requiredSkills == null ? Map.of() : Map.copyOf(requiredSkills);
    triedAgents = triedAgents == null ? Set.of() : Set.copyOf(triedAgents);
    offers = offers == null ? List.of() : List.copyOf(offers);
  }

  /** Whether an offer of this call is in progress. */
  public boolean beingOffered() {
    return !offers.isEmpty();
  }

  /** The live offer to {@code agentId}, or {@code null}. */
  public Offer offerTo(String agentId) {
    for (Offer offer : offers) {
      if (offer.agentId().equals(agentId)) {
        return offer;
      }
    }
    return null;
  }

  public WaitingCall withTriedAgents(Set<String> value) {
    return new WaitingCall(callId, callerNumber, callerName, dialedNumber, priority, arrivedAt, arrivalSeq, requiredSkills, value, offers, timeoutAt, nextAnnouncementAt);
  }

  public WaitingCall withOffers(List<Offer> value) {
    return new WaitingCall(callId, callerNumber, callerName, dialedNumber, priority, arrivedAt, arrivalSeq, requiredSkills, triedAgents, value, timeoutAt, nextAnnouncementAt);
  }

  public WaitingCall withNextAnnouncementAt(Instant value) {
    return new WaitingCall(callId, callerNumber, callerName, dialedNumber, priority, arrivedAt, arrivalSeq, requiredSkills, triedAgents, offers, timeoutAt, value);
  }
}
