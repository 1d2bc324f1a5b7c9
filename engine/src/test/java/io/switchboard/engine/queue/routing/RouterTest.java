package io.switchboard.engine.queue.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Presence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouterTest {

  static final Instant NOW = Instant.parse("2026-11-24T09:10:00Z");
  static final Instant T0902 = Instant.parse("2026-11-24T09:02:11Z");
  static final Instant T0905 = Instant.parse("2026-11-24T09:05:40Z");
  static final Instant T0908 = Instant.parse("2026-11-24T09:08:00Z");

  static MemberView member(String id, Instant idleSince) {
    return MemberView.of(AgentStatus.available(id, idleSince));
  }

  static RoutingDecision route(QueuePolicy policy, List<MemberView> members) {
    return Router.route(policy, members, RoutingCursor.START, RoutingRequest.of("call-1"), Map.of(), NOW);
  }

  static QueuePolicy policy(RoutingMethod method) {
    return QueuePolicy.defaults().withRoutingMethod(method);
  }

  @Nested
  class LongestIdle {

    @Test
    void chooses_the_agent_idle_the_longest_and_says_why() {
      // given
      List<MemberView> members = List.of(member("c", T0905), member("b", T0902), member("d", T0908));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.chosen()).containsExactly("b");
      assertThat(decision.tieBreak())
          .isEqualTo("longest idle: agent b idle since 2026-11-24T09:02:11Z < agent c 2026-11-24T09:05:40Z");
      assertThat(decision.candidates())
          .extracting(CandidateAssessment::agentId, CandidateAssessment::verdict)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("b", Verdict.CHOSEN),
              org.assertj.core.groups.Tuple.tuple("c", Verdict.OUTRANKED),
              org.assertj.core.groups.Tuple.tuple("d", Verdict.OUTRANKED));
      assertThat(decision.assessmentOf("c").detail()).isEqualTo("ranked 2 of 3; idle since 2026-11-24T09:05:40Z");
    }

    @Test
    void breaks_equal_idle_time_by_agent_id_ascending() {
      // given
      List<MemberView> members = List.of(member("zoe", T0902), member("adam", T0902));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.chosen()).containsExactly("adam");
      assertThat(decision.tieBreak())
          .isEqualTo("longest idle: agent id ascending on equal idle time: adam < zoe (both idle since 2026-11-24T09:02:11Z)");
    }

    @Test
    void ranks_an_unknown_idle_since_first() {
      // given
      List<MemberView> members = List.of(member("a", T0902), member("b", null));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.chosen()).containsExactly("b");
    }

    @Test
    void reports_a_single_eligible_agent() {
      // given
      List<MemberView> members = List.of(member("a", T0902), MemberView.of(AgentStatus.signedOut("b")));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.chosen()).containsExactly("a");
      assertThat(decision.tieBreak()).isEqualTo("longest idle: agent a is the only eligible agent");
      assertThat(decision.assessmentOf("b").verdict()).isEqualTo(Verdict.SIGNED_OUT);
    }
  }

  @Nested
  class Eligibility {

    @Test
    void explains_every_skipped_member() {
      // given
      List<MemberView> members =
          List.of(
              MemberView.of(AgentStatus.signedOut("a-out")),
              MemberView.of(AgentStatus.available("b-optout", T0902).withOptedIn(false)),
              MemberView.of(AgentStatus.available("c-oncall", T0902).withOnCall(true)),
              MemberView.of(AgentStatus.available("d-reserved", T0902).withReservedElsewhere(true)),
              MemberView.of(AgentStatus.available("e-wrap", T0902).withWrapUpUntil(NOW.plusSeconds(20))),
              MemberView.of(AgentStatus.available("f-away", T0902).withPresence(Presence.AWAY)),
              MemberView.of(AgentStatus.available("g-missed", T0902).withMissedOffers(3)),
              member("h-free", T0905));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.chosen()).containsExactly("h-free");
      assertThat(decision.candidates())
          .extracting(CandidateAssessment::agentId, CandidateAssessment::verdict, CandidateAssessment::detail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("h-free", Verdict.CHOSEN, "idle since 2026-11-24T09:05:40Z"),
              org.assertj.core.groups.Tuple.tuple("a-out", Verdict.SIGNED_OUT, "signed out"),
              org.assertj.core.groups.Tuple.tuple("b-optout", Verdict.OPTED_OUT, "opted out of this queue"),
              org.assertj.core.groups.Tuple.tuple("c-oncall", Verdict.BUSY, "on a call"),
              org.assertj.core.groups.Tuple.tuple("d-reserved", Verdict.RESERVED, "reserved for another call"),
              org.assertj.core.groups.Tuple.tuple("e-wrap", Verdict.WRAP_UP, "in wrap-up until 2026-11-24T09:10:20Z"),
              org.assertj.core.groups.Tuple.tuple("f-away", Verdict.PRESENCE, "presence AWAY under presence-based routing"),
              org.assertj.core.groups.Tuple.tuple(
                  "g-missed", Verdict.MISSED_OFFERS, "missed 3 offers in a row (limit 3); being set away"));
    }

    @Test
    void a_wrap_up_that_ended_no_longer_blocks() {
      // given
      List<MemberView> members = List.of(MemberView.of(AgentStatus.available("a", T0902).withWrapUpUntil(NOW)));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.chosen()).containsExactly("a");
    }

    @Test
    void wrap_up_presence_blocks_even_without_presence_based_routing() {
      // given
      List<MemberView> members = List.of(MemberView.of(AgentStatus.available("a", T0902).withPresence(Presence.WRAP_UP)));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE).withPresenceBasedRouting(false), members);

      // then
      assertThat(decision.chosen()).isEmpty();
      assertThat(decision.assessmentOf("a").verdict()).isEqualTo(Verdict.WRAP_UP);
    }

    @Test
    void without_presence_based_routing_presence_is_ignored_but_a_call_in_progress_is_not() {
      // given
      List<MemberView> members =
          List.of(
              MemberView.of(AgentStatus.available("a-dnd", T0902).withPresence(Presence.DO_NOT_DISTURB)),
              MemberView.of(AgentStatus.available("b-oncall", T0902).withOnCall(true)));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE).withPresenceBasedRouting(false), members);

      // then
      assertThat(decision.chosen()).containsExactly("a-dnd");
      assertThat(decision.assessmentOf("b-oncall").verdict()).isEqualTo(Verdict.BUSY);
    }

    @Test
    void a_member_without_presence_is_offered_under_presence_based_routing() {
      // given: a lobby phone publishes no presence
      MemberView lobby = MemberView.of(AgentStatus.available("lobby", T0902).withPresence(Presence.OFFLINE)).withPresenceBased(false);

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), List.of(lobby));

      // then
      assertThat(decision.chosen()).containsExactly("lobby");
    }

    @Test
    void an_agent_being_offered_another_call_of_this_queue_is_reserved() {
      // given
      List<MemberView> members = List.of(member("a", T0902), member("b", T0905));

      // when
      RoutingDecision decision =
          Router.route(policy(RoutingMethod.LONGEST_IDLE), members, RoutingCursor.START, RoutingRequest.of("call-2"), Map.of("a", "call-1"), NOW);

      // then
      assertThat(decision.chosen()).containsExactly("b");
      assertThat(decision.assessmentOf("a").detail()).isEqualTo("being offered call call-1 of this queue");
    }

    @Test
    void the_missed_offer_rule_is_off_when_the_limit_is_zero() {
      // given
      List<MemberView> members = List.of(MemberView.of(AgentStatus.available("a", T0902).withMissedOffers(7)));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE).withMissedOffersBeforeAway(0), members);

      // then
      assertThat(decision.chosen()).containsExactly("a");
    }

    @Test
    void agents_already_tried_are_skipped_until_everyone_was_tried_then_a_new_round_starts() {
      // given
      List<MemberView> members = List.of(member("a", T0902), member("b", T0905), MemberView.of(AgentStatus.signedOut("c")));
      RoutingRequest triedA = new RoutingRequest("call-1", Map.of(), Set.of("a"));
      RoutingRequest triedBoth = new RoutingRequest("call-1", Map.of(), Set.of("a", "b"));

      // when
      RoutingDecision second = Router.route(policy(RoutingMethod.LONGEST_IDLE), members, RoutingCursor.START, triedA, Map.of(), NOW);
      RoutingDecision third = Router.route(policy(RoutingMethod.LONGEST_IDLE), members, RoutingCursor.START, triedBoth, Map.of(), NOW);

      // then
      assertThat(second.chosen()).containsExactly("b");
      assertThat(second.newRound()).isFalse();
      assertThat(second.assessmentOf("a").verdict()).isEqualTo(Verdict.ALREADY_TRIED_FOR_THIS_CALL);
      assertThat(third.chosen()).containsExactly("a");
      assertThat(third.newRound()).isTrue();
      assertThat(third.tieBreak()).startsWith("new round (every eligible agent already tried); longest idle: agent a");
    }

    @Test
    void nobody_eligible_gives_an_empty_choice_with_a_summary() {
      // given
      List<MemberView> members =
          List.of(
              MemberView.of(AgentStatus.available("a", T0902).withOnCall(true)),
              MemberView.of(AgentStatus.available("b", T0902).withOnCall(true)),
              MemberView.of(AgentStatus.signedOut("c")));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.LONGEST_IDLE), members);

      // then
      assertThat(decision.offersAnyone()).isFalse();
      assertThat(decision.tieBreak()).isEqualTo("no eligible agent: 1 signed out, 2 busy");
    }

    @Test
    void an_empty_queue_says_so() {
      // when
      RoutingDecision decision = route(policy(RoutingMethod.SERIAL), List.of());

      // then
      assertThat(decision.chosen()).isEmpty();
      assertThat(decision.tieBreak()).isEqualTo("no eligible agent: the queue has no members");
    }

    @Test
    void every_member_gets_exactly_one_verdict_and_the_result_ignores_input_order() {
      // given
      List<MemberView> members = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        AgentStatus status = AgentStatus.available("agent-" + (char) ('a' + i % 26) + i, NOW.minusSeconds(i % 7 * 60));
        if (i % 5 == 0) {
          status = status.withOnCall(true);
        }
        if (i % 7 == 0) {
          status = status.withPresence(Presence.AWAY);
        }
        members.add(new MemberView(status.agentId(), 1 + i % 3, i % 4, true, status.withSkills(Map.of("english", 1 + i % 10))));
      }
      for (RoutingMethod method : RoutingMethod.values()) {
        QueuePolicy policy = policy(method).withRequiredSkills(Map.of("english", 4));
        RoutingDecision reference = route(policy, members);
        List<MemberView> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(42));

        // when
        RoutingDecision again = route(policy, shuffled);

        // then
        assertThat(again).as(method.name()).isEqualTo(reference);
        assertThat(reference.candidates()).extracting(CandidateAssessment::agentId).doesNotHaveDuplicates().hasSize(members.size());
      }
    }
  }

  @Nested
  class Serial {

    @Test
    void tries_agents_from_the_top_of_the_serial_list() {
      // given
      List<MemberView> members =
          List.of(member("a", T0902).withSerialOrder(3), member("b", T0905).withSerialOrder(1), member("c", T0908).withSerialOrder(2));

      // when
      RoutingDecision first = route(policy(RoutingMethod.SERIAL), members);
      RoutingDecision afterB =
          Router.route(policy(RoutingMethod.SERIAL), members, RoutingCursor.START, new RoutingRequest("call-1", Map.of(), Set.of("b")), Map.of(), NOW);

      // then
      assertThat(first.chosen()).containsExactly("b");
      assertThat(first.tieBreak()).isEqualTo("serial: agent b is the first eligible agent in serial order (position 1)");
      assertThat(afterB.chosen()).containsExactly("c");
    }

    @Test
    void equal_serial_positions_fall_back_to_agent_id() {
      // given
      List<MemberView> members = List.of(member("y", T0902).withSerialOrder(1), member("x", T0905).withSerialOrder(1));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.SERIAL), members);

      // then
      assertThat(decision.chosen()).containsExactly("x");
      assertThat(decision.tieBreak()).endsWith("; agent id ascending on equal serial position: x < y");
    }

    @Test
    void every_call_starts_again_at_the_top() {
      // given: the cursor is ignored by serial routing
      List<MemberView> members = List.of(member("a", T0902).withSerialOrder(1), member("b", T0905).withSerialOrder(2));

      // when
      RoutingDecision decision =
          Router.route(policy(RoutingMethod.SERIAL), members, new RoutingCursor("a", 1), RoutingRequest.of("call-9"), Map.of(), NOW);

      // then
      assertThat(decision.chosen()).containsExactly("a");
      assertThat(decision.cursor()).isEqualTo(new RoutingCursor("a", 1));
    }
  }

  @Nested
  class RoundRobin {

    final List<MemberView> members =
        List.of(member("a", T0902).withSerialOrder(1), member("b", T0905).withSerialOrder(2), member("c", T0908).withSerialOrder(3));

    @Test
    void starts_with_the_first_agent_and_advances_the_cursor() {
      // when
      RoutingDecision decision = route(policy(RoutingMethod.ROUND_ROBIN), members);

      // then
      assertThat(decision.chosen()).containsExactly("a");
      assertThat(decision.cursor()).isEqualTo(new RoutingCursor("a", 1));
      assertThat(decision.tieBreak()).isEqualTo("round robin: no call offered yet; agent a is first in serial order");
    }

    @Test
    void continues_after_the_last_offered_agent_and_wraps_around() {
      // when
      RoutingDecision afterA =
          Router.route(policy(RoutingMethod.ROUND_ROBIN), members, new RoutingCursor("a", 1), RoutingRequest.of("call-2"), Map.of(), NOW);
      RoutingDecision afterC =
          Router.route(policy(RoutingMethod.ROUND_ROBIN), members, new RoutingCursor("c", 3), RoutingRequest.of("call-3"), Map.of(), NOW);

      // then
      assertThat(afterA.chosen()).containsExactly("b");
      assertThat(afterA.tieBreak())
          .isEqualTo("round robin: after agent a (last offered, position 1), the next eligible agent in serial order is b");
      assertThat(afterC.chosen()).containsExactly("a");
      assertThat(afterC.tieBreak()).endsWith("is a (wrapped around)");
    }

    @Test
    void skips_busy_agents_and_survives_the_last_offered_agent_leaving() {
      // given: b is on a call, and the cursor names an agent (position 1, id "aa") no longer in the queue
      List<MemberView> current =
          List.of(member("a", T0902).withSerialOrder(1), MemberView.of(AgentStatus.available("b", T0905).withOnCall(true)).withSerialOrder(2),
              member("c", T0908).withSerialOrder(3));

      // when
      RoutingDecision decision =
          Router.route(policy(RoutingMethod.ROUND_ROBIN), current, new RoutingCursor("aa", 1), RoutingRequest.of("call-4"), Map.of(), NOW);

      // then
      assertThat(decision.chosen()).containsExactly("c");
      assertThat(decision.assessmentOf("b").verdict()).isEqualTo(Verdict.BUSY);
      assertThat(decision.assessmentOf("a").verdict()).isEqualTo(Verdict.OUTRANKED);
    }
  }

  @Nested
  class Attendant {

    @Test
    void alerts_every_eligible_agent_at_once() {
      // given
      List<MemberView> members =
          List.of(member("c", T0902), member("a", T0905), MemberView.of(AgentStatus.available("b", T0902).withPresence(Presence.AWAY)));

      // when
      RoutingDecision decision = route(policy(RoutingMethod.ATTENDANT), members);

      // then
      assertThat(decision.chosen()).containsExactly("a", "c");
      assertThat(decision.tieBreak())
          .isEqualTo("ring-all: 2 eligible agents alerted at once; the first answer wins (event order, equal instants by agent id)");
      assertThat(decision.assessmentOf("b").verdict()).isEqualTo(Verdict.PRESENCE);
    }

    @Test
    void ring_all_is_also_accepted_as_a_name() {
      assertThat(RoutingMethod.fromConfigName("ring-all")).isEqualTo(RoutingMethod.ATTENDANT);
      assertThat(RoutingMethod.fromConfigName("attendant")).isEqualTo(RoutingMethod.ATTENDANT);
    }
  }

  @Nested
  class Skills {

    static MemberView skilled(String id, int tier, Instant idle, Map<String, Integer> skills) {
      return new MemberView(id, tier, 0, true, AgentStatus.available(id, idle).withSkills(skills));
    }

    @Test
    void only_agents_with_every_required_skill_level_are_eligible() {
      // given
      QueuePolicy policy = policy(RoutingMethod.SKILLS).withRequiredSkills(Map.of("spanish", 3, "billing", 1));
      List<MemberView> members =
          List.of(
              skilled("a", 1, T0902, Map.of("spanish", 5)),
              skilled("b", 1, T0902, Map.of("spanish", 2, "billing", 4)),
              skilled("c", 1, T0908, Map.of("spanish", 3, "billing", 1)));

      // when
      RoutingDecision decision = route(policy, members);

      // then
      assertThat(decision.chosen()).containsExactly("c");
      assertThat(decision.assessmentOf("a").detail()).isEqualTo("lacks skill billing (needs level 1)");
      assertThat(decision.assessmentOf("b").detail()).isEqualTo("skill spanish level 2 < 3 needed");
    }

    @Test
    void the_best_tier_with_an_eligible_agent_wins_over_better_skills_in_a_lower_tier() {
      // given
      QueuePolicy policy = policy(RoutingMethod.SKILLS).withRequiredSkills(Map.of("english", 1));
      List<MemberView> members =
          List.of(
              skilled("a", 2, T0902, Map.of("english", 10)),
              skilled("b", 1, T0908, Map.of("english", 1)),
              new MemberView("c", 1, 0, true, AgentStatus.available("c", T0902).withSkills(Map.of("english", 9)).withOnCall(true)));

      // when
      RoutingDecision decision = route(policy, members);

      // then
      assertThat(decision.chosen()).containsExactly("b");
      assertThat(decision.assessmentOf("a").verdict()).isEqualTo(Verdict.LOWER_TIER);
      assertThat(decision.assessmentOf("a").detail()).isEqualTo("tier 2; tier 1 has an eligible agent");
      assertThat(decision.tieBreak()).isEqualTo("skills: tier 1; agent b is the only eligible agent");
    }

    @Test
    void falls_through_to_the_next_tier_when_the_first_has_nobody_eligible() {
      // given
      QueuePolicy policy = policy(RoutingMethod.SKILLS);
      List<MemberView> members =
          List.of(
              new MemberView("a", 1, 0, true, AgentStatus.available("a", T0902).withPresence(Presence.AWAY)),
              skilled("b", 2, T0908, Map.of()),
              skilled("c", 3, T0902, Map.of()));

      // when
      RoutingDecision decision = route(policy, members);

      // then
      assertThat(decision.chosen()).containsExactly("b");
      assertThat(decision.assessmentOf("c").verdict()).isEqualTo(Verdict.LOWER_TIER);
    }

    @Test
    void within_a_tier_the_higher_score_wins_then_longest_idle_then_agent_id() {
      // given
      QueuePolicy policy = policy(RoutingMethod.SKILLS).withRequiredSkills(Map.of("english", 1, "billing", 1));
      List<MemberView> byScore =
          List.of(skilled("a", 1, T0902, Map.of("english", 3, "billing", 2)), skilled("b", 1, T0908, Map.of("english", 4, "billing", 3)));
      List<MemberView> byIdle =
          List.of(skilled("a", 1, T0905, Map.of("english", 3, "billing", 2)), skilled("b", 1, T0902, Map.of("english", 4, "billing", 1)));
      List<MemberView> byId =
          List.of(skilled("b", 1, T0902, Map.of("english", 5, "billing", 5)), skilled("a", 1, T0902, Map.of("english", 5, "billing", 5)));

      // when
      RoutingDecision scoreDecision = route(policy, byScore);
      RoutingDecision idleDecision = route(policy, byIdle);
      RoutingDecision idDecision = route(policy, byId);

      // then
      assertThat(scoreDecision.chosen()).containsExactly("b");
      assertThat(scoreDecision.tieBreak()).isEqualTo("skills: tier 1; agent b score 7 > agent a score 5 (sum of levels in billing, english)");
      assertThat(idleDecision.chosen()).containsExactly("b");
      assertThat(idleDecision.tieBreak())
          .isEqualTo("skills: tier 1; equal score 5; longest idle: agent b idle since 2026-11-24T09:02:11Z < agent a 2026-11-24T09:05:40Z");
      assertThat(idDecision.chosen()).containsExactly("a");
      assertThat(idDecision.tieBreak()).contains("agent id ascending on equal idle time: a < b");
    }

    @Test
    void a_call_can_ask_for_more_than_the_queue_and_the_higher_level_counts() {
      // given
      QueuePolicy policy = policy(RoutingMethod.SKILLS).withRequiredSkills(Map.of("english", 2));
      List<MemberView> members = List.of(skilled("a", 1, T0902, Map.of("english", 3)), skilled("b", 1, T0905, Map.of("english", 5, "vip", 1)));
      RoutingRequest call = new RoutingRequest("call-1", Map.of("english", 4, "vip", 1), Set.of());

      // when
      RoutingDecision decision = Router.route(policy, members, RoutingCursor.START, call, Map.of(), NOW);

      // then
      assertThat(Router.neededSkills(policy, call)).containsExactlyInAnyOrderEntriesOf(Map.of("english", 4, "vip", 1));
      assertThat(decision.chosen()).containsExactly("b");
      assertThat(decision.assessmentOf("a").detail()).isEqualTo("skill english level 3 < 4 needed");
    }

    @Test
    void skills_are_ignored_by_other_methods() {
      // given
      QueuePolicy policy = policy(RoutingMethod.LONGEST_IDLE).withRequiredSkills(Map.of("spanish", 5));
      List<MemberView> members = List.of(skilled("a", 1, T0902, Map.of()));

      // when
      RoutingDecision decision = route(policy, members);

      // then
      assertThat(decision.chosen()).containsExactly("a");
    }
  }
}
