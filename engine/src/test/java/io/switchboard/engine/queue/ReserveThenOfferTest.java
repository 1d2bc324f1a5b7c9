package io.switchboard.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.agents.Agent;
import io.switchboard.agents.AgentReport;
import io.switchboard.agents.Presence;
import io.switchboard.engine.queue.routing.Offer;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueCommand;
import io.switchboard.engine.queue.routing.QueueDomain;
import io.switchboard.engine.queue.routing.QueueEvent;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.QueueState;
import io.switchboard.engine.queue.routing.RoutingMethod;
import io.switchboard.engine.queue.routing.WaitingCall;
import io.switchboard.persistence.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The reserve-then-offer protocol between Queue and Agent rules, without actors: two queues share
 * agents, calls arrive in both, and every message between queues, agents and calls is delivered
 * in a random order that keeps each channel first-in first-out (as Pekko does between two actors),
 * with the agents' reservation replies on a channel of their own (as an ask's reply is). The
 * queues act on their events exactly as the Queue entity does ({@link QueueEffects}); the agents
 * report as the Agent entity does.
 *
 * <p>Whatever the interleaving: an agent is never alerted for two calls at once, never on two queue
 * calls at once, and every call is answered in the end.
 */
class ReserveThenOfferTest {

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final long SEEDS = Long.getLong("seeds", 300);

  /** A message in flight on a channel. */
  private record Message(String channel, Runnable delivery) {}

  private final class World {
    final Random random;
    final QueueDomain domain = new QueueDomain(QueueDomain.Settings.DEFAULT);
    final Map<String, QueueState> queues = new LinkedHashMap<>();
    final Map<String, Agent.State> agents = new LinkedHashMap<>();
    final Map<String, Map<String, AgentReport>> lastSent = new HashMap<>();
    final Map<String, Deque<Message>> channels = new LinkedHashMap<>();
    final Map<String, String> answeredBy = new HashMap<>();
    final Set<String> completed = new HashSet<>();
    final Map<String, Integer> talkLeft = new TreeMap<>();
    Instant now = T0;
    int steps;
    final List<String> trace = new ArrayList<>();

    World(long seed) {
      random = new Random(seed);
    }

    void send(String channel, Runnable delivery) {
      channels.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(new Message(channel, delivery));
    }

    // -- queues

    void toQueue(String from, String queueId, QueueCommand command) {
      send(from + "->" + queueId, () -> handleQueue(queueId, command));
    }

    void handleQueue(String queueId, QueueCommand command) {
      QueueState state = queues.get(queueId);
      List<QueueEvent> events = domain.decide(state, command);
      for (QueueEvent event : events) {
        state = domain.evolve(state, event);
        trace.add(now + " " + queueId + ": " + event);
      }
      queues.put(queueId, state);
      for (QueueEvent event : events) {
        if (event instanceof QueueEvent.CallAnswered a) {
          assertThat(answeredBy).as("call %s answered twice", a.callId()).doesNotContainKey(a.callId());
          answeredBy.put(a.callId(), a.agentId());
          talkLeft.put(a.callId(), 5 + random.nextInt(20));
        }
        for (QueueEffects.Effect effect : QueueEffects.of(queueId, event, state, GRACE)) {
          perform(queueId, effect);
        }
      }
    }

    void perform(String queueId, QueueEffects.Effect effect) {
      if (effect instanceof QueueEffects.Reserve r) {
        Agent.Reserve reserve = new Agent.Reserve(r.callId(), queueId, r.requestId(), r.expiresAt(), r.at());
        send(queueId + "->" + r.agentId(), () -> reserveAgent(r.agentId(), queueId, reserve));
      } else if (effect instanceof QueueEffects.ToAgent a) {
        send(queueId + "->" + a.agentId(), () -> handleAgent(a.agentId(), a.command()));
      } else if (effect instanceof QueueEffects.AskStatus a) {
        send(queueId + "->" + a.agentId(), () -> report(a.agentId(), queueId, true));
      } else if (effect instanceof QueueEffects.ToCall c) {
        send(queueId + "->" + c.notice().callId(), () -> callReceives(c.notice()));
      }
    }

    // -- agents

    void handleAgent(String agentId, Agent.Command command) {
      Agent.State before = agents.get(agentId);
      Decision<Agent.Event> decision = Agent.decide(before, command);
      if (!(decision instanceof Decision.Accepted<Agent.Event> accepted)) {
        return; // the entity logs and ignores a rejected delivery
      }
      Agent.State state = before;
      for (Agent.Event event : accepted.events()) {
        if (event instanceof Agent.CallStarted started && started.queueId() != null) {
          assertThat(state.calls().values()).as("agent %s on a queue call while starting %s; trace:%n%s", agentId,
                  started.callId(), String.join("\n", trace.subList(Math.max(0, trace.size() - 400), trace.size())))
              .noneMatch(c -> c.queueId() != null);
        }
        state = Agent.evolve(state, event);
        trace.add(now + " agent " + agentId + ": " + event);
      }
      agents.put(agentId, state);
      if (!accepted.events().isEmpty()) {
        new TreeSet<>(state.queues().keySet()).forEach(queueId -> report(agentId, queueId, false));
      }
    }

    void reserveAgent(String agentId, String queueId, Agent.Reserve reserve) {
      Agent.State state = agents.get(agentId);
      Decision<Agent.Event> decision = Agent.decide(state, reserve);
      if (decision instanceof Decision.Rejected<Agent.Event> refused) {
        AgentReport report = state.reportFor(queueId);
        send("reply:" + agentId + "->" + queueId, () -> handleQueue(queueId, new QueueCommand.RefuseReservation(
            reserve.callId(), agentId, refused.reason(), AgentReports.toStatus(report), reserve.requestId(), now)));
        return;
      }
      handleAgent(agentId, reserve);
      send("reply:" + agentId + "->" + queueId, () -> {
        WaitingCall call = queues.get(queueId).waiting().get(reserve.callId());
        Offer offer = call == null ? null : call.offerTo(agentId);
        boolean pending = offer != null && offer.phase() == Offer.Phase.RESERVING && offer.requestId() == reserve.requestId();
        handleQueue(queueId, new QueueCommand.AcceptReservation(reserve.callId(), agentId, reserve.requestId(), now));
        if (!pending) {
          send(queueId + "->" + agentId,
              () -> handleAgent(agentId, new Agent.Release(reserve.callId(), queueId, reserve.requestId(), false, now)));
        }
      });
    }

    void report(String agentId, String queueId, boolean asked) {
      Agent.State state = agents.get(agentId);
      if (!state.memberOf(queueId)) {
        return;
      }
      AgentReport report = state.reportFor(queueId);
      Map<String, AgentReport> sent = lastSent.computeIfAbsent(agentId, a -> new HashMap<>());
      if (asked || !report.sameContentAs(sent.get(queueId))) {
        sent.put(queueId, report);
        toQueue(agentId, queueId, new QueueCommand.UpdateAgentStatus(AgentReports.toStatus(report), now));
      }
    }

    // -- calls

    void callReceives(QueueNotice notice) {
      if (notice instanceof QueueNotice.OfferAgent offer && !answeredBy.containsKey(offer.callId())) {
        // The agent's phone rings; it answers, or (one time in four) declines.
        if (random.nextInt(4) == 0) {
          toQueue(offer.callId(), offer.queueId(), new QueueCommand.FailOffer(
              offer.callId(), offer.agentId(), OfferOutcome.DECLINED, "CALL_REJECTED", now));
        } else {
          toQueue(offer.callId(), offer.queueId(), QueueCommand.AnswerOffers.single(offer.callId(), offer.agentId(), now));
        }
      }
    }

    // -- time and invariants

    void tick() {
      now = now.plusSeconds(1);
      for (String callId : new ArrayList<>(talkLeft.keySet())) {
        int left = talkLeft.get(callId);
        if (left == 0) {
          talkLeft.remove(callId);
          completed.add(callId);
          String queueId = callId.startsWith("sales") ? "sales" : "support";
          toQueue(callId, queueId, new QueueCommand.CompleteCall(callId, now));
        } else {
          talkLeft.put(callId, left - 1);
        }
      }
      for (String queueId : queues.keySet()) {
        send("timer->" + queueId, () -> handleQueue(queueId, new QueueCommand.FireTimers(now)));
      }
      for (String agentId : agents.keySet()) {
        send("timer->" + agentId, () -> handleAgent(agentId, new Agent.FireTimers(now)));
      }
    }

    boolean deliverOne() {
      List<Deque<Message>> busy = channels.values().stream().filter(d -> !d.isEmpty()).toList();
      if (busy.isEmpty()) {
        return false;
      }
      busy.get(random.nextInt(busy.size())).poll().delivery().run();
      steps++;
      checkNoAgentAlertedTwice();
      return true;
    }

    String describe() {
      StringBuilder sb = new StringBuilder("at " + now + " after " + steps + " deliveries\n");
      queues.forEach((id, q) -> {
        sb.append("queue ").append(id).append(" waiting ").append(q.waitingInOrder().stream()
            .map(c -> c.callId() + c.offers() + " tried " + c.triedAgents()).toList()).append('\n');
        q.members().values().forEach(m -> sb.append("  member ").append(m.status()).append('\n'));
        if (!q.recentDecisions().isEmpty()) {
          sb.append("  last decision ").append(q.recentDecisions().get(q.recentDecisions().size() - 1)).append('\n');
        }
      });
      agents.values().forEach(a -> sb.append("agent ").append(a).append('\n'));
      return sb.toString();
    }

    void checkNoAgentAlertedTwice() {
      Map<String, List<String>> alerting = new HashMap<>();
      queues.forEach((queueId, state) -> state.waiting().values().forEach(call -> call.offers().stream()
          .filter(o -> o.phase() == Offer.Phase.ALERTING)
          .forEach(o -> alerting.computeIfAbsent(o.agentId(), a -> new ArrayList<>()).add(queueId + "/" + call.callId()))));
      alerting.forEach((agentId, offers) ->
          assertThat(offers).as("agent %s alerted at once for; trace:%n%s", agentId,
              String.join("\n", trace.subList(Math.max(0, trace.size() - 400), trace.size()))).hasSizeLessThanOrEqualTo(1));
    }
  }

  private World world(long seed) {
    World world = new World(seed);
    QueuePolicy policy = QueuePolicy.defaults().withWrapUpTime(Duration.ofSeconds(3)).withMissedOffersBeforeAway(0)
        .withNoAgents(io.switchboard.engine.queue.routing.NoAgentsPolicy.keepWaiting());
    world.queues.put("sales", QueueDomain.initialState("sales", policy.withRoutingMethod(RoutingMethod.ATTENDANT)));
    world.queues.put("support", QueueDomain.initialState("support", policy));
    Map<String, Set<String>> memberships = new TreeMap<>(Map.of(
        "amy", new TreeSet<>(Set.of("sales", "support")), "bob", new TreeSet<>(Set.of("sales", "support")),
        "cat", Set.of("support")));
    for (Map.Entry<String, Set<String>> agent : memberships.entrySet()) {
      world.agents.put(agent.getKey(), Agent.initial(agent.getKey()));
      for (String queueId : agent.getValue()) {
        world.handleQueue(queueId, new QueueCommand.SetMember(agent.getKey(), 1, 1, true, T0));
      }
      world.handleAgent(agent.getKey(), new Agent.Configure(agent.getValue(), Map.of(), T0));
      world.handleAgent(agent.getKey(), new Agent.SetPresence(Presence.AVAILABLE, "signed in", T0));
    }
    for (int i = 0; i < 4; i++) {
      world.toQueue("sales-" + i, "sales", QueueCommand.Enqueue.of("sales-" + i, "+1555000000" + i, T0));
      world.toQueue("support-" + i, "support", QueueCommand.Enqueue.of("support-" + i, "+1555000100" + i, T0));
    }
    return world;
  }

  @Test
  void shared_agents_are_never_offered_two_calls_at_once_and_every_call_is_answered() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      // given
      World world = world(seed);

      // when messages are delivered in a random order, time passing every few deliveries
      for (int round = 0; round < 2000 && world.completed.size() < 8; round++) {
        // Mostly quick deliveries, sometimes a backlog that outlives a reservation deadline.
        int burst = world.random.nextInt(3) == 0 ? world.random.nextInt(3) : 5 + world.random.nextInt(40);
        for (int i = 0; i < burst && world.deliverOne(); i++) {
          // deliver
        }
        world.tick();
      }
      while (world.deliverOne()) {
        // drain: the completions and the agents' last wrap-ups
      }
      for (int i = 0; i < 60 && (world.completed.size() < 8 || !world.talkLeft.isEmpty() || i < 10); i++) {
        world.tick();
        while (world.deliverOne()) {
          // drain
        }
      }

      // then
      String picture = world.describe();
      assertThat(world.answeredBy).as("seed %d: calls answered; %s", seed, picture).hasSize(8);
      assertThat(world.completed).as("seed %d: calls completed; answered %s, talking %s", seed, world.answeredBy, world.talkLeft).hasSize(8);
      for (Agent.State agent : world.agents.values()) {
        assertThat(agent.onCall()).as("seed %d: %s", seed, agent.agentId()).isFalse();
      }
    }
  }
}
