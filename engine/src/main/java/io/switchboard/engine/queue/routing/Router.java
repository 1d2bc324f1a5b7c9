package io.switchboard.engine.queue.routing;

import io.switchboard.agents.Presence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The routing decision as a pure function over one queue's own members.
 *
 * <p>Eligibility, for every method: signed in, opted in to this queue, not on a call, not reserved
 * (by another queue, or offered another call of this queue), not in wrap-up, presence available
 * when presence-based routing applies to the member, under the missed-offer limit, skilled enough
 * (skills method only), and not yet offered this call in the current round. When the only thing
 * keeping every otherwise eligible agent out is that each was already tried, a new round starts.
 *
 * <p>Ranking, deterministic for every method, always ending with the agent id ascending:
 *
 * <ul>
 *   <li>{@link RoutingMethod#ATTENDANT}: every eligible agent is chosen;
 *   <li>{@link RoutingMethod#SERIAL}: serial order, then agent id;
 *   <li>{@link RoutingMethod#ROUND_ROBIN}: the first eligible agent after the cursor in (serial
 *       order, agent id), wrapping around;
 *   <li>{@link RoutingMethod#LONGEST_IDLE}: idle-since ascending (unknown first), then agent id;
 *   <li>{@link RoutingMethod#SKILLS}: lowest tier with an eligible agent, then total level of the
 *       required skills descending, then idle-since ascending, then agent id.
 * </ul>
 *
 * <p>Cost: one pass over the queue's members plus a sort of the eligible ones. Stateless and
 * thread-safe; never reads the clock.
 */
public final class Router {

  private static final Comparator<MemberView> BY_AGENT_ID = Comparator.comparing(MemberView::agentId);
  private static final Comparator<MemberView> BY_SERIAL_ORDER =
      Comparator.comparingInt(MemberView::serialOrder).thenComparing(BY_AGENT_ID);
  private static final Comparator<MemberView> BY_IDLE =
      Comparator.comparing((MemberView m) -> m.status().idleSince(), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(BY_AGENT_ID);

  private Router() {}

  /**
   * Routes one call.
   *
   * @param policy the queue's policy (method, presence-based routing, missed-offer limit, required
   *     skills)
   * @param members the queue's members; nobody else
   * @param cursor the round-robin cursor
   * @param call the call, its extra skill needs and the agents already tried for it
   * @param offersInProgress agent id to call id for this queue's live offers (reserving or alerting)
   * @param at the instant of the decision (compared with wrap-up ends)
   * @return the decision; {@link RoutingDecision#chosen()} is empty when nobody is eligible
   */
  public static RoutingDecision route(
      QueuePolicy policy,
      Collection<MemberView> members,
      RoutingCursor cursor,
      RoutingRequest call,
      Map<String, String> offersInProgress,
      Instant at) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(at, "at");
    Map<String, String> busyHere = offersInProgress == null ? Map.of() : offersInProgress;
    RoutingMethod method = policy.routingMethod();
    Map<String, Integer> needed = method == RoutingMethod.SKILLS ? neededSkills(policy, call) : Map.of();

    List<MemberView> sorted = members.stream().sorted(BY_AGENT_ID).toList();
    List<CandidateAssessment> skipped = new ArrayList<>();
    List<MemberView> eligible = new ArrayList<>();
    List<MemberView> triedOnly = new ArrayList<>();
    for (MemberView member : sorted) {
      CandidateAssessment skip = skipReason(policy, member, needed, busyHere, at);
      if (skip != null) {
        skipped.add(skip);
      } else if (call.triedAgents().contains(member.agentId())) {
        triedOnly.add(member);
      } else {
        eligible.add(member);
      }
    }
    boolean newRound = false;
    if (eligible.isEmpty() && !triedOnly.isEmpty()) {
      newRound = true;
      eligible = triedOnly;
    } else {
      for (MemberView tried : triedOnly) {
        skipped.add(
            new CandidateAssessment(
                tried.agentId(),
                Verdict.ALREADY_TRIED_FOR_THIS_CALL,
                "already offered this call in this round"));
      }
    }

    List<CandidateAssessment> lowerTier = new ArrayList<>();
    if (method == RoutingMethod.SKILLS && !eligible.isEmpty()) {
      int bestTier = eligible.stream().mapToInt(MemberView::tier).min().orElseThrow();
      List<MemberView> inTier = new ArrayList<>();
      for (MemberView member : eligible) {
        if (member.tier() == bestTier) {
          inTier.add(member);
        } else {
          lowerTier.add(
              new CandidateAssessment(
                  member.agentId(),
                  Verdict.LOWER_TIER,
                  "tier " + member.tier() + "; tier " + bestTier + " has an eligible agent"));
        }
      }
      eligible = inTier;
    }

    Ranking ranking =
        eligible.isEmpty()
            ? new Ranking(List.of(), List.of(), noneEligible(skipped), cursor)
            : rank(method, eligible, cursor, needed);

    List<CandidateAssessment> candidates = new ArrayList<>();
    for (int i = 0; i < ranking.ordered().size(); i++) {
      MemberView member = ranking.ordered().get(i);
      boolean chosen = ranking.chosen().contains(member.agentId());
      String facts = facts(method, member, needed);
      candidates.add(
          new CandidateAssessment(
              member.agentId(),
              chosen ? Verdict.CHOSEN : Verdict.OUTRANKED,
              chosen ? facts : "ranked " + (i + 1) + " of " + ranking.ordered().size() + "; " + facts));
    }
    List<CandidateAssessment> rest = new ArrayList<>(lowerTier);
    rest.addAll(skipped);
    rest.sort(Comparator.comparing(CandidateAssessment::agentId));
    candidates.addAll(rest);

    String tieBreak = newRound ? "new round (every eligible agent already tried); " + ranking.tieBreak() : ranking.tieBreak();
    return new RoutingDecision(
        call.callId(), method, at, ranking.chosen(), candidates, tieBreak, newRound, ranking.cursor());
  }

  /**
   * Whether a member could be offered some call now, whatever the call needs: signed in, opted in,
   * not busy, not reserved, not in wrap-up, presence allowing, under the missed-offer limit. The
   * queue uses it to skip routing entirely when nobody can take a call.
   */
  public static boolean canTakeACall(QueuePolicy policy, MemberView member, Map<String, String> offersInProgress, Instant at) {
    return skipReason(policy, member, Map.of(), offersInProgress == null ? Map.of() : offersInProgress, at) == null;
  }

  /** The skills a call needs under the skills method: the queue's and the call's, higher level wins. */
  public static Map<String, Integer> neededSkills(QueuePolicy policy, RoutingRequest call) {
    Map<String, Integer> needed = new TreeMap<>(policy.requiredSkills());
    call.requiredSkills().forEach((skill, level) -> needed.merge(skill, level, Math::max));
    return needed;
  }

  /**
   * Why a member cannot be offered the call, or {@code null} when nothing but "already tried" could
   * stand in its way. Checked in the order of {@link Verdict}.
   */
  private static CandidateAssessment skipReason(
      QueuePolicy policy,
      MemberView member,
      Map<String, Integer> needed,
      Map<String, String> busyHere,
      Instant at) {
    AgentStatus status = member.status();
    String id = member.agentId();
    if (!status.signedIn()) {
      return new CandidateAssessment(id, Verdict.SIGNED_OUT, "signed out");
    }
    if (!status.optedIn()) {
      return new CandidateAssessment(id, Verdict.OPTED_OUT, "opted out of this queue");
    }
    if (status.onCall()) {
      return new CandidateAssessment(id, Verdict.BUSY, "on a call");
    }
    String offeredCall = busyHere.get(id);
    if (offeredCall != null) {
      return new CandidateAssessment(id, Verdict.RESERVED, "being offered call " + offeredCall + " of this queue");
    }
    if (status.reservedElsewhere()) {
      return new CandidateAssessment(id, Verdict.RESERVED, "reserved for another call");
    }
    boolean inWrapUp = status.wrapUpUntil() != null && at.isBefore(status.wrapUpUntil());
    if (inWrapUp || status.presence() == Presence.WRAP_UP) {
      return new CandidateAssessment(
          id, Verdict.WRAP_UP, inWrapUp ? "in wrap-up until " + status.wrapUpUntil() : "in wrap-up");
    }
    if (policy.presenceBasedRouting() && member.presenceBased() && status.presence() != Presence.AVAILABLE) {
      return new CandidateAssessment(
          id, Verdict.PRESENCE, "presence " + status.presence() + " under presence-based routing");
    }
    int limit = policy.missedOffersBeforeAway();
    if (limit > 0 && status.missedOffers() >= limit) {
      return new CandidateAssessment(
          id,
          Verdict.MISSED_OFFERS,
          "missed " + status.missedOffers() + " offers in a row (limit " + limit + "); being set away");
    }
    for (Map.Entry<String, Integer> skill : needed.entrySet()) {
      Integer level = status.skills().get(skill.getKey());
      if (level == null) {
        return new CandidateAssessment(
            id, Verdict.NOT_SKILLED, "lacks skill " + skill.getKey() + " (needs level " + skill.getValue() + ")");
      }
      if (level < skill.getValue()) {
        return new CandidateAssessment(
            id,
            Verdict.NOT_SKILLED,
            "skill " + skill.getKey() + " level " + level + " < " + skill.getValue() + " needed");
      }
    }
    return null;
  }

  private record Ranking(List<MemberView> ordered, List<String> chosen, String tieBreak, RoutingCursor cursor) {}

  private static Ranking rank(RoutingMethod method, List<MemberView> eligible, RoutingCursor cursor, Map<String, Integer> needed) {
    return switch (method) {
      case ATTENDANT -> {
        List<MemberView> ordered = eligible.stream().sorted(BY_AGENT_ID).toList();
        yield new Ranking(
            ordered,
            ordered.stream().map(MemberView::agentId).toList(),
            "ring-all: "
                + ordered.size()
                + (ordered.size() == 1 ? " eligible agent alerted" : " eligible agents alerted at once")
                + "; the first answer wins (event order, equal instants by agent id)",
            cursor);
      }
      case SERIAL -> {
        List<MemberView> ordered = eligible.stream().sorted(BY_SERIAL_ORDER).toList();
        MemberView first = ordered.get(0);
        String why = "serial: agent " + first.agentId() + " is the first eligible agent in serial order (position " + first.serialOrder() + ")";
        if (ordered.size() > 1 && ordered.get(1).serialOrder() == first.serialOrder()) {
          why += "; agent id ascending on equal serial position: " + first.agentId() + " < " + ordered.get(1).agentId();
        }
        yield new Ranking(ordered, List.of(first.agentId()), why, cursor);
      }
      case ROUND_ROBIN -> roundRobin(eligible, cursor);
      case LONGEST_IDLE -> {
        List<MemberView> ordered = eligible.stream().sorted(BY_IDLE).toList();
        yield new Ranking(ordered, List.of(ordered.get(0).agentId()), "longest idle: " + idleTieBreak(ordered), cursor);
      }
      case SKILLS -> {
        Comparator<MemberView> bySkills =
            Comparator.comparingInt((MemberView m) -> -score(m, needed)).thenComparing(BY_IDLE);
        List<MemberView> ordered = eligible.stream().sorted(bySkills).toList();
        MemberView first = ordered.get(0);
        String why = "skills: tier " + first.tier() + "; ";
        if (ordered.size() == 1) {
          why += "agent " + first.agentId() + " is the only eligible agent";
        } else {
          MemberView second = ordered.get(1);
          int s1 = score(first, needed);
          int s2 = score(second, needed);
          if (s1 != s2) {
            why += "agent " + first.agentId() + " score " + s1 + " > agent " + second.agentId() + " score " + s2
                + " (sum of levels in " + String.join(", ", needed.keySet()) + ")";
          } else {
            why += "equal score " + s1 + "; longest idle: " + idleTieBreak(ordered);
          }
        }
        yield new Ranking(ordered, List.of(first.agentId()), why, cursor);
      }
    };
  }

  private static Ranking roundRobin(List<MemberView> eligible, RoutingCursor cursor) {
    List<MemberView> ring = eligible.stream().sorted(BY_SERIAL_ORDER).toList();
    int start = 0;
    boolean wrapped = false;
    if (cursor.lastOfferedAgentId() != null) {
      start = ring.size();
      for (int i = 0; i < ring.size(); i++) {
        MemberView m = ring.get(i);
        int byOrder = Integer.compare(m.serialOrder(), cursor.lastOfferedSerialOrder());
        if (byOrder > 0 || (byOrder == 0 && m.agentId().compareTo(cursor.lastOfferedAgentId()) > 0)) {
          start = i;
          break;
        }
      }
      if (start == ring.size()) {
        start = 0;
        wrapped = true;
      }
    }
    List<MemberView> ordered = new ArrayList<>(ring.subList(start, ring.size()));
    ordered.addAll(ring.subList(0, start));
    MemberView chosen = ordered.get(0);
    String why =
        cursor.lastOfferedAgentId() == null
            ? "round robin: no call offered yet; agent " + chosen.agentId() + " is first in serial order"
            : "round robin: after agent "
                + cursor.lastOfferedAgentId()
                + " (last offered, position "
                + cursor.lastOfferedSerialOrder()
                + "), the next eligible agent in serial order is "
                + chosen.agentId()
                + (wrapped ? " (wrapped around)" : "");
    return new Ranking(List.copyOf(ordered), List.of(chosen.agentId()), why, RoutingCursor.after(chosen));
  }

  private static String idleTieBreak(List<MemberView> ordered) {
    MemberView first = ordered.get(0);
    if (ordered.size() == 1) {
      return "agent " + first.agentId() + " is the only eligible agent";
    }
    MemberView second = ordered.get(1);
    Instant a = first.status().idleSince();
    Instant b = second.status().idleSince();
    if (Objects.equals(a, b)) {
      return "agent id ascending on equal idle time: "
          + first.agentId()
          + " < "
          + second.agentId()
          + " (both idle since "
          + idle(a)
          + ")";
    }
    return "agent " + first.agentId() + " idle since " + idle(a) + " < agent " + second.agentId() + " " + idle(b);
  }

  private static String facts(RoutingMethod method, MemberView member, Map<String, Integer> needed) {
    return switch (method) {
      case ATTENDANT -> "alerted with every eligible agent";
      case SERIAL, ROUND_ROBIN -> "serial position " + member.serialOrder();
      case LONGEST_IDLE -> "idle since " + idle(member.status().idleSince());
      case SKILLS -> "tier " + member.tier() + ", score " + score(member, needed) + ", idle since " + idle(member.status().idleSince());
    };
  }

  private static int score(MemberView member, Map<String, Integer> needed) {
    int score = 0;
    for (String skill : needed.keySet()) {
      score += member.status().skills().getOrDefault(skill, 0);
    }
    return score;
  }

  private static String idle(Instant idleSince) {
    return idleSince == null ? "unknown (ranks first)" : idleSince.toString();
  }

  private static String noneEligible(List<CandidateAssessment> skipped) {
    if (skipped.isEmpty()) {
      return "no eligible agent: the queue has no members";
    }
    Map<Verdict, Long> counts =
        skipped.stream()
            .collect(Collectors.groupingBy(CandidateAssessment::verdict, () -> new EnumMap<>(Verdict.class), Collectors.counting()));
    return "no eligible agent: "
        + counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
            .collect(Collectors.joining(", "));
  }
}
