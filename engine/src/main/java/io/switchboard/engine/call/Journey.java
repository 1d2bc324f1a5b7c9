package io.switchboard.engine.call;

import io.switchboard.engine.call.CallAction.ReportAbandon;
import io.switchboard.engine.call.CallAction.ReportComplete;
import io.switchboard.engine.call.CallInput.Party;
import io.switchboard.engine.call.CallLookups.QueueInfo;
import io.switchboard.engine.call.CallLookups.UserInfo;
import io.switchboard.engine.call.CallState.FlowRun;
import io.switchboard.engine.call.CallState.Leg;
import io.switchboard.engine.call.CallState.OriginKind;
import io.switchboard.engine.call.CallState.Playback;
import io.switchboard.engine.call.CallState.Purpose;
import io.switchboard.engine.call.CallState.Role;
import io.switchboard.engine.call.CallState.Sound;
import io.switchboard.engine.call.CallState.Stage;
import io.switchboard.engine.call.CallState.Status;
import io.switchboard.engine.queue.QueueNotice;
import io.switchboard.engine.queue.routing.OfferOutcome;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.FlowInput;
import io.switchboard.flows.FlowState;
import io.switchboard.flows.Prompt;
import io.switchboard.flows.Step;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.model.DialByExtensionNode;
import io.switchboard.flows.model.DialByNameNode;
import io.switchboard.flows.model.Node;
import io.switchboard.flows.model.TransferNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One decision of {@link CallDomain#decide}: handles one input against a working copy of the
 * state, recording facts (applied to the copy at once, so later rules see them) and actions.
 * Created per input and thrown away; not thread-safe, and never visible outside the package.
 */
final class Journey {

  /** The timer that waits for RECORD_STOP after a caller hung up while recording. */
  static final String RECORDING_GRACE_TIMER = "call/recording-grace";

  /** Cause for legs that vanished from FreeSWITCH without a hang-up event. */
  static final String CHANNEL_GONE = "CHANNEL_GONE";

  /** A flow that keeps failing transfers into itself is cut off after this many steps in one input. */
  private static final int MAX_FLOW_STEPS = 32;

  /** Causes that say the gateway (not the called party) failed: the next gateway is tried. */
  private static final Set<String> GATEWAY_FAILURES = Set.of(
      "NORMAL_TEMPORARY_FAILURE", "GATEWAY_DOWN", "NETWORK_OUT_OF_ORDER", "DESTINATION_OUT_OF_ORDER",
      "SERVICE_UNAVAILABLE", "RECOVERY_ON_TIMER_EXPIRE", "SWITCH_CONGESTION", "NORMAL_CIRCUIT_CONGESTION",
      "REQUESTED_CHAN_UNAVAIL", "FACILITY_NOT_SUBSCRIBED", "BEARERCAPABILITY_NOTAVAIL", "INCOMPATIBLE_DESTINATION",
      "NO_ROUTE_TRANSIT_NET", "INVALID_GATEWAY", "CHAN_NOT_IMPLEMENTED", "MEDIA_TIMEOUT", "EXCHANGE_ROUTING_ERROR",
      CHANNEL_GONE);

  private static final Set<String> DECLINED = Set.of("USER_BUSY", "CALL_REJECTED");
  private static final Set<String> NOT_ANSWERED =
      Set.of("NO_ANSWER", "NO_USER_RESPONSE", "ALLOTTED_TIMEOUT", "PROGRESS_TIMEOUT");

  /** An input that makes no sense for the call; nothing is journaled. */
  static final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rejection(String reason) {
      super(reason, null, false, false);
    }
  }

  private CallState state;
  private final CallInput input;
  private final Instant at;
  private final CallLookups lookups;
  private final List<CallFact> facts = new ArrayList<>();
  private final List<CallAction> actions = new ArrayList<>();
  private int ids;
  private int flowSteps;

  Journey(CallState state, CallInput input, CallLookups lookups) {
    this.state = state;
    this.input = input;
    this.at = input.at();
    this.lookups = lookups;
  }

  List<CallFact> facts() {
    return List.copyOf(facts);
  }

  List<CallAction> actions() {
    return List.copyOf(actions);
  }

  // ------------------------------------------------------------------ dispatch

  void handle() {
    if (input instanceof CallInput.ChannelParked parked) {
      onParked(parked);
    } else if (input instanceof CallInput.PlaceCall place) {
      onPlaceCall(place);
    } else if (state.status() == Status.NEW) {
      // Nothing exists yet: media of a call that never started here, or an API request for an
      // unknown call. Only the API is told.
      if (isApi(input)) {
        throw new Rejection("call " + state.callId() + " does not exist");
      }
    } else if (input instanceof CallInput.ChannelAnswered answered) {
      onAnswered(answered.legUuid());
    } else if (input instanceof CallInput.ChannelHungUp hungUp) {
      onLegEnded(hungUp.legUuid(), hungUp.cause());
    } else if (input instanceof CallInput.OriginateFailed failed) {
      onLegEnded(failed.legUuid(), failed.cause());
    } else if (input instanceof CallInput.ChannelsGone gone) {
      gone.legUuids().forEach(uuid -> onLegEnded(uuid, CHANNEL_GONE));
    } else if (input instanceof CallInput.ChannelsLive live) {
      onChannelsLive(live);
    } else if (input instanceof CallInput.DtmfReceived dtmf) {
      onDtmf(dtmf);
    } else if (input instanceof CallInput.ApplicationCompleted completed) {
      onApplicationCompleted(completed);
    } else if (input instanceof CallInput.RecordStopped stopped) {
      onRecordStopped(stopped);
    } else if (input instanceof CallInput.TimerFired timer) {
      onTimer(timer.timerId());
    } else if (input instanceof CallInput.MailboxLooked looked) {
      onMailboxLooked(looked);
    } else if (input instanceof CallInput.FromQueue fromQueue) {
      onQueueNotice(fromQueue.notice());
    } else if (input instanceof CallInput.Transfer transfer) {
      onTransferRequest(transfer.target());
    } else if (input instanceof CallInput.Hold hold) {
      onHold(hold);
    } else if (input instanceof CallInput.Mute mute) {
      onMute(mute);
    } else if (input instanceof CallInput.HangUp) {
      requireActive("hang up");
      decided("hangup", "requested", "hang-up requested through the API");
      endCall("NORMAL_CLEARING");
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
  }

  private static boolean isApi(CallInput input) {
    return input instanceof CallInput.Transfer || input instanceof CallInput.Hold
        || input instanceof CallInput.Mute || input instanceof CallInput.HangUp;
  }

  // ------------------------------------------------------------------ start

  private void onParked(CallInput.ChannelParked parked) {
    if (state.status() != Status.NEW) {
      return; // the caller parked again (after a bridge), or the park reported twice
    }
    if (!"inbound".equalsIgnoreCase(parked.direction())) {
      throw new Rejection("channel " + parked.channelUuid() + " is an " + parked.direction()
          + " leg, not a caller; only inbound channels start calls");
    }
    if (!parked.channelUuid().equals(state.callId())) {
      throw new Rejection("channel " + parked.channelUuid() + " cannot start call " + state.callId()
          + "; an inbound call's id is its channel uuid");
    }
    String callerUser = parked.internal() ? lookups.userByExtension(parked.callerNumber()).orElse(null) : null;
    Route route = lookups.resolve(parked.destination(), callerUser, parked.callerNumber());
    OriginKind kind = parked.internal() ? OriginKind.INTERNAL : OriginKind.INBOUND;
    fact(new CallFact.CallStarted(new CallState.Origin(kind, parked.nodeId(), parked.callerNumber(),
        parked.callerName(), parked.destination(), callerUser, at), lookups.settings()));
    String leg = parked.channelUuid();
    fact(new CallFact.LegAdded(Leg.of(leg, Role.CALLER, null, null, callerUser, null)));
    fact(new CallFact.CallerLegChosen(leg));
    // The caller's channel carries the call id like every other leg, so that a reconciliation
    // (which reads switchboard_call_id) finds it after an engine restart.
    act(new CallAction.SetLegVariable(leg, "switchboard_call_id", state.callId()));
    act(new CallAction.AnswerLeg(leg, newUuid()));
    fact(new CallFact.LegAnswered(leg, at));
    if (callerUser != null) {
      act(new CallAction.AgentOnCall(callerUser, true));
    }
    decided("route", kindOf(route), route.reason());
    String failure = routeTo(route, kind != OriginKind.INBOUND);
    if (failure != null) {
      close(settings().unroutablePrompt(), "UNALLOCATED_NUMBER", failure);
    }
  }

  private void onPlaceCall(CallInput.PlaceCall place) {
    if (state.status() != Status.NEW) {
      throw new Rejection("call id " + state.callId() + " is already in use; place the call with a new id");
    }
    UserInfo user = lookups.user(place.userId())
        .orElseThrow(() -> new Rejection("there is no user " + place.userId() + " in the directory"));
    if (user.endpoints().isEmpty()) {
      throw new Rejection("user " + place.userId() + " has no phone (endpoints) to ring; give them an endpoint first");
    }
    Route route = lookups.resolve(place.dialed(), place.userId(), null);
    if (route instanceof Route.Unroutable unroutable) {
      throw new Rejection("cannot call \"" + place.dialed() + "\": " + unroutable.reason());
    }
    String callerNumber = user.extension() == null ? "" : user.extension();
    fact(new CallFact.CallStarted(new CallState.Origin(OriginKind.PLACED, place.nodeId(), callerNumber,
        user.displayName(), place.dialed(), user.userId(), at), lookups.settings()));
    List<String> legs = new ArrayList<>();
    for (String endpoint : user.endpoints()) {
      String leg = newUuid();
      legs.add(leg);
      fact(new CallFact.LegAdded(Leg.of(leg, Role.CALLER_CANDIDATE, null, null, user.userId(), null)));
      // The user's phone shows whom it is about to call.
      act(new CallAction.Originate(leg, endpoint, "Call to " + place.dialed(), place.dialed(),
          settings().userRingTime(), variables("caller", Map.of("switchboard_user", user.userId()))));
    }
    fact(new CallFact.StageChanged(new Stage.Placing(user.userId(), route)));
    decided("route", kindOf(route), route.reason());
  }

  /**
   * Sends the caller where {@code route} leads.
   *
   * @param allowOutside whether an outside number may be dialled (never for a call from outside
   *     asking for it by number: no toll fraud through the attendant)
   * @return why it cannot, or {@code null}
   */
  private String routeTo(Route route, boolean allowOutside) {
    if (route instanceof Route.Unroutable unroutable) {
      return unroutable.reason();
    }
    if (route instanceof Route.ToFlow toFlow) {
      return enterFlow(toFlow.flowId());
    }
    if (route instanceof Route.ToQueue toQueue) {
      Optional<QueueInfo> queue = lookups.queue(toQueue.queueId());
      if (queue.isEmpty()) {
        return "queue " + toQueue.queueId() + " does not exist";
      }
      enterQueue(queue.get());
      return null;
    }
    if (route instanceof Route.ToUser toUser) {
      Optional<UserInfo> user = lookups.user(toUser.userId());
      return user.isEmpty() ? "user " + toUser.userId() + " does not exist" : ringUser(user.get());
    }
    Route.Outside outside = (Route.Outside) route;
    if (!allowOutside) {
      return "a call from outside cannot be sent on to the outside number " + outside.number();
    }
    if (outside.attempts().isEmpty()) {
      return "no gateway can reach " + outside.number();
    }
    dialOutside(outside, 0);
    return null;
  }

  private static String kindOf(Route route) {
    if (route instanceof Route.ToFlow f) {
      return "flow " + f.flowId();
    }
    if (route instanceof Route.ToQueue q) {
      return "queue " + q.queueId();
    }
    if (route instanceof Route.ToUser u) {
      return "user " + u.userId();
    }
    if (route instanceof Route.Outside o) {
      return "outside " + o.number();
    }
    return "unroutable";
  }

  // ------------------------------------------------------------------ flows

  private String enterFlow(String flowId) {
    Optional<String> version = lookups.currentFlowVersion(flowId);
    if (version.isEmpty()) {
      return "flow " + flowId + " is not deployed";
    }
    Optional<CompiledFlow> flow = lookups.flow(flowId, version.get());
    if (flow.isEmpty()) {
      return "flow " + flowId + " version " + version.get() + " is not in the flow catalog";
    }
    stopPlayback();
    cancelFlowTimers();
    fact(new CallFact.StageChanged(new Stage.InFlow()));
    Step step = flow.get().start(flowContext());
    fact(new CallFact.FlowChanged(new FlowRun(flowId, version.get(), step.state())));
    runFlowCommands(step.commands());
    return null;
  }

  private void stepFlow(FlowInput flowInput) {
    FlowRun run = state.flow();
    if (run == null) {
      return;
    }
    if (++flowSteps > MAX_FLOW_STEPS) {
      close(settings().unavailablePrompt(), "NORMAL_TEMPORARY_FAILURE",
          "flow " + run.flowId() + " kept failing its transfers (" + MAX_FLOW_STEPS + " steps in one input)");
      return;
    }
    Optional<CompiledFlow> flow = lookups.flow(run.flowId(), run.version());
    if (flow.isEmpty()) {
      close(settings().unavailablePrompt(), "NORMAL_TEMPORARY_FAILURE",
          "flow " + run.flowId() + " version " + run.version() + " is no longer in the flow catalog");
      return;
    }
    Step step = flow.get().step(run.state(), flowInput, flowContext());
    if (step.state().equals(run.state()) && step.commands().isEmpty()) {
      return; // stale for the flow
    }
    fact(new CallFact.FlowChanged(run.withState(step.state())));
    runFlowCommands(step.commands());
  }

  private FlowContext flowContext() {
    CallState.Origin origin = state.origin();
    return new FlowContext(origin.callerNumber(), origin.callerName(), origin.dialed(), at, state.language(),
        state.variables(), lookups.flowDirectory());
  }

  private void runFlowCommands(List<FlowCommand> commands) {
    String flowId = state.flow() == null ? "?" : state.flow().flowId();
    for (FlowCommand command : commands) {
      if (state.status() == Status.ENDED) {
        return;
      }
      if (command instanceof FlowCommand.Play play) {
        play(Purpose.FLOW, play.playbackId(), sounds(play.prompts()));
      } else if (command instanceof FlowCommand.StopPlayback stop) {
        Playback playing = state.playback();
        if (playing != null && playing.id().equals(stop.playbackId())) {
          stopPlayback();
        }
      } else if (command instanceof FlowCommand.StartDigitTimer timer) {
        armTimer(timer.timerId(), at.plus(timer.duration()));
      } else if (command instanceof FlowCommand.CancelDigitTimer timer) {
        clearTimer(timer.timerId(), true);
      } else if (command instanceof FlowCommand.Transfer transfer) {
        String failure = transfer(transfer.target(), true);
        if (failure != null) {
          decided("transfer", "failed", "transfer to " + transfer.target().describe() + " failed: " + failure);
          returnToFlow(failure);
        }
      } else if (command instanceof FlowCommand.RecordVoicemail record) {
        startVoicemail(record.mailboxId(), sounds(record.greeting()), record.maxLength());
      } else if (command instanceof FlowCommand.Hangup hangup) {
        decided("flow " + flowId, "hangup", "the flow hung up with " + hangup.cause());
        endCall(hangup.cause());
      } else if (command instanceof FlowCommand.SetVariable set) {
        fact(new CallFact.VariableSet(set.name(), set.value()));
      } else if (command instanceof FlowCommand.Decision decision) {
        decided("flow " + flowId + "/" + decision.nodeId(), decision.branch(), decision.reason());
      }
    }
  }

  /** Whether a flow handed the caller over and still waits to hear whether that failed. */
  private boolean flowAwaitsTransfer() {
    FlowRun run = state.flow();
    return run != null && run.state().position() instanceof FlowState.Transferring;
  }

  /** Whether the waiting flow's transfer node says where a failed transfer goes. */
  private boolean flowHandlesFailure() {
    if (!flowAwaitsTransfer()) {
      return false;
    }
    FlowRun run = state.flow();
    String nodeId = ((FlowState.Transferring) run.state().position()).node();
    Optional<CompiledFlow> flow = lookups.flow(run.flowId(), run.version());
    if (flow.isEmpty()) {
      return false;
    }
    Node node = flow.get().definition().nodes().get(nodeId);
    if (node instanceof TransferNode transfer) {
      return transfer.onFailure() != null;
    }
    return node instanceof DialByExtensionNode || node instanceof DialByNameNode;
  }

  /** Gives the caller back to the waiting flow with the reason its transfer failed. */
  private void returnToFlow(String reason) {
    if (!(state.stage() instanceof Stage.InFlow)) {
      fact(new CallFact.StageChanged(new Stage.InFlow()));
    }
    stepFlow(new FlowInput.TransferFailed(reason));
  }

  /**
   * The caller could not be handed over: a waiting flow decides what follows (its on-failure,
   * or its hang-up); without one, the engine says {@code prompt} and hangs up with {@code cause}.
   */
  private void failHandOver(String reason, String prompt, String cause) {
    if (flowAwaitsTransfer()) {
      returnToFlow(reason);
    } else {
      close(prompt, cause, reason);
    }
  }

  // ------------------------------------------------------------------ transfers

  /**
   * Hands the caller to {@code target}.
   *
   * @param fromFlow whether a flow asked (it then waits for a possible failure)
   * @return why it cannot be done, or {@code null} once the caller is on the way
   */
  private String transfer(TransferTarget target, boolean fromFlow) {
    if (target instanceof TransferTarget.Queue queue) {
      Optional<QueueInfo> info = lookups.queue(queue.id());
      if (info.isEmpty()) {
        return "queue " + queue.id() + " does not exist";
      }
      enterQueue(info.get());
      return null;
    }
    if (target instanceof TransferTarget.User user) {
      Optional<UserInfo> info = lookups.user(user.id());
      return info.isEmpty() ? "user " + user.id() + " does not exist" : ringUser(info.get());
    }
    if (target instanceof TransferTarget.Extension extension) {
      Route route = lookups.resolve(extension.digits(), callerUserId(), callerNumber());
      return routeTo(route, state.origin().kind() != OriginKind.INBOUND);
    }
    if (target instanceof TransferTarget.OutsideNumber number) {
      // A number written in a flow or asked for by an agent is the organisation's choice.
      Route route = lookups.resolve(number.e164(), callerUserId(), callerNumber());
      return routeTo(route, true);
    }
    if (target instanceof TransferTarget.Flow flow) {
      return enterFlow(flow.id());
    }
    if (target instanceof TransferTarget.Voicemail voicemail) {
      if (!lookups.mailboxExists(voicemail.mailboxId())) {
        return "mailbox " + voicemail.mailboxId() + " does not exist";
      }
      startVoicemail(voicemail.mailboxId(), List.of(), null);
      return null;
    }
    String operator = settings().operator();
    if (operator.isEmpty()) {
      return "no operator is configured (switchboard.engine.calls.operator)";
    }
    TransferTarget operatorTarget = CallTargets.parse(operator);
    if (operatorTarget instanceof TransferTarget.Operator) {
      return "the operator setting names the operator itself";
    }
    return transfer(operatorTarget, fromFlow);
  }

  private void onTransferRequest(TransferTarget target) {
    requireActive("transfer");
    if (state.stage() instanceof Stage.Placing || state.stage() instanceof Stage.Closing) {
      throw new Rejection("call " + state.callId() + " cannot be transferred now (" + stageName() + ")");
    }
    if (!callerLegLive()) {
      throw new Rejection("call " + state.callId() + " has no caller to transfer");
    }
    String problem = checkTarget(target);
    if (problem != null) {
      throw new Rejection("cannot transfer call " + state.callId() + " to " + target.describe() + ": " + problem);
    }
    leaveStage();
    if (state.flow() != null) {
      fact(new CallFact.FlowChanged(null));
    }
    decided("transfer", CallTargets.format(target), "blind transfer requested through the API");
    String failure = transfer(target, false);
    if (failure != null) {
      close(settings().unavailablePrompt(), "NORMAL_TEMPORARY_FAILURE", failure);
    }
  }

  /** Why {@code target} cannot take the caller, checked before the caller leaves anything. */
  private String checkTarget(TransferTarget target) {
    if (target instanceof TransferTarget.Queue queue) {
      return lookups.queue(queue.id()).isPresent() ? null : "queue " + queue.id() + " does not exist";
    }
    if (target instanceof TransferTarget.User user) {
      return lookups.user(user.id()).isPresent() ? null : "user " + user.id() + " does not exist";
    }
    if (target instanceof TransferTarget.Extension extension) {
      Route route = lookups.resolve(extension.digits(), callerUserId(), callerNumber());
      return route instanceof Route.Unroutable u ? u.reason() : null;
    }
    if (target instanceof TransferTarget.OutsideNumber number) {
      Route route = lookups.resolve(number.e164(), callerUserId(), callerNumber());
      return route instanceof Route.Unroutable u ? u.reason() : null;
    }
    if (target instanceof TransferTarget.Flow flow) {
      return lookups.currentFlowVersion(flow.id()).isPresent() ? null : "flow " + flow.id() + " is not deployed";
    }
    if (target instanceof TransferTarget.Voicemail voicemail) {
      return lookups.mailboxExists(voicemail.mailboxId()) ? null : "mailbox " + voicemail.mailboxId() + " does not exist";
    }
    return settings().operator().isEmpty() ? "no operator is configured (switchboard.engine.calls.operator)" : null;
  }

  /** Takes the caller out of where they are (for a blind transfer), telling whom it concerns. */
  private void leaveStage() {
    Stage stage = state.stage();
    stopPlayback();
    cancelFlowTimers();
    if (stage instanceof Stage.Queued queued) {
      hangUpOffers(queued, "ORIGINATOR_CANCEL");
      act(new CallAction.ToQueue(queued.queueId(), new ReportAbandon()));
    } else if (stage instanceof Stage.RingingUser ringing) {
      ringing.legs().forEach(leg -> hangUpLeg(leg, "ORIGINATOR_CANCEL"));
    } else if (stage instanceof Stage.RingingOutside ringing) {
      hangUpLeg(ringing.leg(), "ORIGINATOR_CANCEL");
    } else if (stage instanceof Stage.Voicemail voicemail && voicemail.step() == Stage.VoicemailStep.RECORDING) {
      // The message is abandoned: the recording stops and its RECORD_STOP finds the call elsewhere.
      act(new CallAction.BreakMedia(state.callerLeg()));
      decided("voicemail", "abandoned", "message " + voicemail.messageId() + " not left: the call was transferred");
    } else if (stage instanceof Stage.Connected connected) {
      hangUpLeg(connected.otherLeg(), "NORMAL_CLEARING");
      endOfConversation(connected.link());
      if (state.held().contains(Party.CALLEE)) {
        act(new CallAction.HoldLeg(state.callerLeg(), false)); // the caller's own leg was the one held
      }
      for (Party party : state.held()) {
        fact(new CallFact.HoldChanged(party, false));
      }
      if (state.muted().contains(Party.CALLER)) {
        act(new CallAction.MuteLeg(state.callerLeg(), false));
      }
      for (Party party : state.muted()) {
        fact(new CallFact.MuteChanged(party, false));
      }
    }
  }

  // ------------------------------------------------------------------ queues

  private void enterQueue(QueueInfo queue) {
    stopPlayback();
    cancelFlowTimers();
    String music = queue.musicOnHold() == null ? settings().musicOnHold() : queue.musicOnHold();
    fact(new CallFact.StageChanged(new Stage.Queued(queue.queueId(), music, Map.of())));
    act(new CallAction.ToQueue(queue.queueId(), join(state)));
    List<Sound> greeting = promptSounds(queue.greeting());
    if (greeting.isEmpty()) {
      play(Purpose.MUSIC, newUuid(), List.of(new Sound.File(music)));
    } else {
      play(Purpose.QUEUE_GREETING, newUuid(), greeting);
    }
  }

  /** What a call asks of a queue it joins (also sent again after a recovery). */
  static CallAction.Join join(CallState state) {
    CallState.Origin origin = state.origin();
    return new CallAction.Join(origin.callerNumber(), origin.callerName(), origin.dialed(), queuePriority(state),
        queueSkills(state));
  }

  /** The caller's priority in queues: call variable {@code queue_priority}, 0 to 9. */
  private static Integer queuePriority(CallState state) {
    String value = state.variables().get("queue_priority");
    if (value != null && value.matches("[0-9]")) {
      int priority = Integer.parseInt(value);
      if (priority >= QueuePolicy.MIN_PRIORITY && priority <= QueuePolicy.MAX_PRIORITY) {
        return priority;
      }
    }
    return null;
  }

  /** Skills the caller needs: call variables {@code queue_skill_<name>} = level. */
  private static Map<String, Integer> queueSkills(CallState state) {
    Map<String, Integer> skills = new LinkedHashMap<>();
    state.variables().forEach((name, value) -> {
      if (name.startsWith("queue_skill_") && value.matches("[0-9]{1,2}")) {
        String skill = name.substring("queue_skill_".length());
        int level = Integer.parseInt(value);
        if (QueuePolicy.skillProblem(skill, level) == null) {
          skills.put(skill, level);
        }
      }
    });
    return skills;
  }

  private void onQueueNotice(QueueNotice notice) {
    if (state.status() != Status.ACTIVE || !(state.stage() instanceof Stage.Queued queued)
        || !queued.queueId().equals(notice.queueId())) {
      return; // a notice for a queue the call is no longer in
    }
    if (notice instanceof QueueNotice.OfferAgent offer) {
      offerAgent(queued, offer);
    } else if (notice instanceof QueueNotice.CancelOffer cancel) {
      Stage.Offer offer = queued.offers().get(cancel.agentId());
      if (offer == null) {
        return;
      }
      offer.legs().forEach(leg -> hangUpLeg(leg, "ORIGINATOR_CANCEL"));
      fact(new CallFact.StageChanged(queued.withoutOffer(cancel.agentId())));
      decided("offer", "cancelled", "queue " + queued.queueId() + " cancelled the offer to " + cancel.agentId()
          + ": " + cancel.reason());
    } else if (notice instanceof QueueNotice.LeaveQueue leave) {
      hangUpOffers(queued, "ORIGINATOR_CANCEL");
      stopPlayback();
      decided("queue", "left " + queued.queueId(), leave.reason() + "; action: " + leave.action().describe());
      if (flowHandlesFailure()) {
        returnToFlow("queue " + queued.queueId() + ": " + leave.reason());
      } else {
        if (state.flow() != null) {
          fact(new CallFact.FlowChanged(null));
        }
        queueAction(leave.action(), "queue " + queued.queueId() + ": " + leave.reason());
      }
    } else if (notice instanceof QueueNotice.Announce announce) {
      Playback playing = state.playback();
      if (playing == null || playing.purpose() != Purpose.MUSIC) {
        return; // the greeting or another announcement still plays
      }
      stopPlayback();
      List<Sound> sounds = new ArrayList<>();
      sounds.add(new Sound.Speech(settings().positionAnnouncement()
          .replace("{position}", Integer.toString(announce.position())), settings().defaultVoice()));
      if (announce.estimatedWait() != null) {
        long minutes = Math.max(1, (announce.estimatedWait().getSeconds() + 59) / 60);
        sounds.add(new Sound.Speech(settings().waitAnnouncement().replace("{minutes}", Long.toString(minutes)),
            settings().defaultVoice()));
      }
      play(Purpose.ANNOUNCEMENT, newUuid(), sounds);
    }
  }

  private void offerAgent(Stage.Queued queued, QueueNotice.OfferAgent offer) {
    if (queued.offers().containsKey(offer.agentId())) {
      return; // the same offer again
    }
    List<String> endpoints = lookups.user(offer.agentId()).map(UserInfo::endpoints).orElse(List.of());
    if (endpoints.isEmpty()) {
      String cause = "agent " + offer.agentId() + " has no phone (endpoints)";
      decided("offer", "unreachable", cause);
      act(new CallAction.ToQueue(queued.queueId(),
          new CallAction.ReportFailure(offer.agentId(), OfferOutcome.UNREACHABLE, cause)));
      return;
    }
    Duration ring = Duration.between(at, offer.alertDeadline());
    // originate_timeout is in whole seconds; ring at least one.
    Duration timeout = Duration.ofSeconds(Math.max(1, (ring.toMillis() + 999) / 1000));
    List<String> legs = new ArrayList<>();
    for (String endpoint : endpoints) {
      String leg = newUuid();
      legs.add(leg);
      fact(new CallFact.LegAdded(Leg.of(leg, Role.AGENT, queued.queueId(), offer.agentId(), offer.agentId(), null)));
      act(new CallAction.Originate(leg, endpoint, state.origin().callerName(), callerNumber(), timeout,
          variables("agent", Map.of("switchboard_queue", queued.queueId(), "switchboard_agent", offer.agentId()))));
    }
    fact(new CallFact.StageChanged(queued.withOffer(new Stage.Offer(offer.agentId(), legs, offer.alertDeadline()))));
  }

  private void hangUpOffers(Stage.Queued queued, String cause) {
    for (Stage.Offer offer : queued.offers().values()) {
      offer.legs().forEach(leg -> hangUpLeg(leg, cause));
    }
  }

  /** Carries out a queue's overflow, timeout or no-agents action. */
  private void queueAction(QueueAction action, String reason) {
    if (action instanceof QueueAction.ToQueue toQueue) {
      Optional<QueueInfo> queue = lookups.queue(toQueue.queueId());
      if (queue.isPresent()) {
        enterQueue(queue.get());
      } else {
        close(settings().unavailablePrompt(), "NORMAL_TEMPORARY_FAILURE", "queue " + toQueue.queueId() + " does not exist");
      }
    } else if (action instanceof QueueAction.ToUser toUser) {
      Optional<UserInfo> user = lookups.user(toUser.userId());
      String failure = user.isEmpty() ? "user " + toUser.userId() + " does not exist" : ringUser(user.get());
      if (failure != null) {
        close(settings().unavailablePrompt(), "NORMAL_TEMPORARY_FAILURE", failure);
      }
    } else if (action instanceof QueueAction.ToVoicemail voicemail) {
      if (lookups.mailboxExists(voicemail.mailboxId())) {
        startVoicemail(voicemail.mailboxId(), List.of(), null);
      } else {
        close(settings().mailboxUnavailablePrompt(), "NORMAL_CLEARING", "mailbox " + voicemail.mailboxId() + " does not exist");
      }
    } else if (action instanceof QueueAction.ToFlow toFlow) {
      String failure = enterFlow(toFlow.flowId());
      if (failure != null) {
        close(settings().unavailablePrompt(), "NORMAL_TEMPORARY_FAILURE", failure);
      }
    } else if (action instanceof QueueAction.ToOutsideNumber number) {
      Route route = lookups.resolve(number.number().value(), callerUserId(), callerNumber());
      String failure = routeTo(route, true);
      if (failure != null) {
        close(settings().outsideFailedPrompt(), "NORMAL_TEMPORARY_FAILURE", failure);
      }
    } else if (action instanceof QueueAction.Disconnect disconnect) {
      close(disconnect.prompt(), "NORMAL_CLEARING", reason);
    }
  }

  // ------------------------------------------------------------------ users and outside numbers

  /** Rings every phone of a user; a user without phones goes to their voicemail. */
  private String ringUser(UserInfo user) {
    stopPlayback();
    cancelFlowTimers();
    if (user.endpoints().isEmpty()) {
      if (user.mailboxId() == null) {
        return "user " + user.userId() + " has no phone and no mailbox";
      }
      decided("user", "voicemail", "user " + user.userId() + " has no phone (endpoints)");
      startVoicemail(user.mailboxId(), List.of(), null);
      return null;
    }
    List<String> legs = new ArrayList<>();
    for (String endpoint : user.endpoints()) {
      String leg = newUuid();
      legs.add(leg);
      fact(new CallFact.LegAdded(Leg.of(leg, Role.USER, null, null, user.userId(), null)));
      act(new CallAction.Originate(leg, endpoint, state.origin().callerName(), callerNumber(),
          settings().userRingTime(), variables("user", Map.of("switchboard_user", user.userId()))));
    }
    fact(new CallFact.StageChanged(new Stage.RingingUser(user.userId(), legs)));
    play(Purpose.RINGBACK, newUuid(), List.of(new Sound.File(settings().ringback())));
    return null;
  }

  private void dialOutside(Route.Outside route, int attempt) {
    Route.GatewayTry gateway = route.attempts().get(attempt);
    String leg = newUuid();
    fact(new CallFact.LegAdded(Leg.of(leg, Role.OUTSIDE, null, null, null, gateway.gatewayId())));
    String name = gateway.callerIdName() != null ? gateway.callerIdName() : state.origin().callerName();
    act(new CallAction.Originate(leg, gateway.dialString(), name, gateway.callerIdNumber(), settings().outsideRingTime(),
        variables("outside", Map.of("switchboard_gateway", gateway.gatewayId()))));
    fact(new CallFact.StageChanged(new Stage.RingingOutside(route, attempt, leg)));
    decided("outside", "gateway " + gateway.gatewayId(),
        "attempt " + (attempt + 1) + " of " + route.attempts().size() + " for " + route.number());
    if (attempt == 0) {
      cancelFlowTimers();
      play(Purpose.RINGBACK, newUuid(), List.of(new Sound.File(settings().ringback())));
    }
  }

  // ------------------------------------------------------------------ legs

  private void onAnswered(String uuid) {
    Leg leg = state.leg(uuid);
    if (leg == null || leg.answered()) {
      return;
    }
    if (leg.ended()) {
      // Given up (its originate timed out on the engine's side) and answered after all: an orphan.
      act(new CallAction.HangupLeg(uuid, "NORMAL_CLEARING"));
      return;
    }
    fact(new CallFact.LegAnswered(uuid, at));
    if (state.status() == Status.ENDED) {
      hangUpLeg(uuid, "NORMAL_CLEARING"); // it rang on after the call ended
      return;
    }
    switch (leg.role()) {
      case CALLER -> { }
      case CALLER_CANDIDATE -> candidateAnswered(leg);
      case AGENT -> agentAnswered(leg);
      case USER -> userAnswered(leg);
      case OUTSIDE -> outsideAnswered(leg);
    }
  }

  private void candidateAnswered(Leg leg) {
    if (!(state.stage() instanceof Stage.Placing placing)) {
      hangUpLeg(leg.uuid(), "LOSE_RACE");
      return;
    }
    fact(new CallFact.CallerLegChosen(leg.uuid()));
    for (Leg other : state.liveLegs()) {
      if (other.role() == Role.CALLER_CANDIDATE) {
        hangUpLeg(other.uuid(), "LOSE_RACE");
      }
    }
    act(new CallAction.AgentOnCall(placing.userId(), true));
    String failure = routeTo(placing.route(), true);
    if (failure != null) {
      close(settings().unroutablePrompt(), "UNALLOCATED_NUMBER", failure);
    }
  }

  private void agentAnswered(Leg leg) {
    if (state.stage() instanceof Stage.Queued queued && queued.queueId().equals(leg.queueId())
        && queued.offers().containsKey(leg.agentId())
        && queued.offers().get(leg.agentId()).legs().contains(leg.uuid())) {
      for (Stage.Offer offer : queued.offers().values()) {
        for (String other : offer.legs()) {
          if (!other.equals(leg.uuid())) {
            hangUpLeg(other, "LOSE_RACE");
          }
        }
      }
      act(new CallAction.ToQueue(queued.queueId(), new CallAction.ReportAnswer(leg.agentId(), at)));
      stopPlayback();
      decided("queue", "answered by " + leg.agentId(), "first answer of queue " + queued.queueId());
      connect(leg.uuid(), new Stage.AgentLink(queued.queueId(), leg.agentId()));
      return;
    }
    // An answer that crossed a cancel or another agent's answer: the queue decides; this leg is
    // not connected.
    act(new CallAction.ToQueue(leg.queueId(), new CallAction.ReportAnswer(leg.agentId(), at)));
    hangUpLeg(leg.uuid(), "LOSE_RACE");
  }

  private void userAnswered(Leg leg) {
    if (!(state.stage() instanceof Stage.RingingUser ringing) || !ringing.legs().contains(leg.uuid())) {
      hangUpLeg(leg.uuid(), "LOSE_RACE");
      return;
    }
    for (String other : ringing.legs()) {
      if (!other.equals(leg.uuid())) {
        hangUpLeg(other, "LOSE_RACE");
      }
    }
    stopPlayback();
    connect(leg.uuid(), new Stage.UserLink(ringing.userId()));
  }

  private void outsideAnswered(Leg leg) {
    if (!(state.stage() instanceof Stage.RingingOutside ringing) || !ringing.leg().equals(leg.uuid())) {
      hangUpLeg(leg.uuid(), "LOSE_RACE");
      return;
    }
    stopPlayback();
    connect(leg.uuid(), new Stage.OutsideLink(leg.gatewayId(), ringing.route().number()));
  }

  private void connect(String otherLeg, Stage.Link link) {
    String caller = state.callerLeg();
    // The caller survives the other side hanging up or being transferred away: FreeSWITCH parks
    // it again, and the engine decides what follows.
    act(new CallAction.SetLegVariable(caller, "park_after_bridge", "true"));
    act(new CallAction.BridgeLegs(caller, otherLeg));
    fact(new CallFact.StageChanged(new Stage.Connected(otherLeg, link)));
    if (state.flow() != null) {
      fact(new CallFact.FlowChanged(null));
    }
    cancelFlowTimers();
    if (link instanceof Stage.UserLink user) {
      act(new CallAction.AgentOnCall(user.userId(), true));
    }
  }

  private void onLegEnded(String uuid, String cause) {
    Leg leg = state.leg(uuid);
    if (leg == null || leg.ended()) {
      return;
    }
    fact(new CallFact.LegEnded(uuid, cause, at));
    if (state.status() == Status.ENDED) {
      return;
    }
    switch (leg.role()) {
      case CALLER -> endCall(cause);
      case CALLER_CANDIDATE -> {
        if (state.stage() instanceof Stage.Placing placing
            && state.liveLegs().stream().noneMatch(l -> l.role() == Role.CALLER_CANDIDATE)) {
          decided("placing", "unanswered", "no phone of user " + placing.userId() + " answered (" + cause + ")");
          endCall(cause);
        }
      }
      case AGENT -> agentLegEnded(leg, cause);
      case USER -> userLegEnded(leg, cause);
      case OUTSIDE -> outsideLegEnded(leg, cause);
    }
  }

  private void agentLegEnded(Leg leg, String cause) {
    Stage stage = state.stage();
    if (stage instanceof Stage.Connected connected && connected.otherLeg().equals(leg.uuid())) {
      endCall(cause);
      return;
    }
    if (stage instanceof Stage.Queued queued && queued.queueId().equals(leg.queueId())) {
      Stage.Offer offer = queued.offers().get(leg.agentId());
      if (offer == null || !offer.legs().contains(leg.uuid())) {
        return; // a cancelled offer's leg
      }
      boolean ringing = offer.legs().stream().map(state::leg).anyMatch(l -> l != null && !l.ended());
      if (ringing) {
        return; // another phone of the agent still rings
      }
      fact(new CallFact.StageChanged(queued.withoutOffer(leg.agentId())));
      act(new CallAction.ToQueue(queued.queueId(), new CallAction.ReportFailure(leg.agentId(), outcome(cause), cause)));
    }
  }

  private static OfferOutcome outcome(String cause) {
    if (DECLINED.contains(cause)) {
      return OfferOutcome.DECLINED;
    }
    if (NOT_ANSWERED.contains(cause)) {
      return OfferOutcome.NO_ANSWER;
    }
    return OfferOutcome.UNREACHABLE;
  }

  private void userLegEnded(Leg leg, String cause) {
    Stage stage = state.stage();
    if (stage instanceof Stage.Connected connected && connected.otherLeg().equals(leg.uuid())) {
      endCall(cause);
      return;
    }
    if (stage instanceof Stage.RingingUser ringing && ringing.legs().contains(leg.uuid())) {
      boolean stillRinging = ringing.legs().stream().map(state::leg).anyMatch(l -> l != null && !l.ended());
      if (stillRinging) {
        return;
      }
      stopPlayback();
      String reason = "user " + ringing.userId() + " did not answer (" + cause + ")";
      decided("user", "unanswered", reason);
      Optional<UserInfo> user = lookups.user(ringing.userId());
      if (user.isPresent() && user.get().mailboxId() != null) {
        startVoicemail(user.get().mailboxId(), List.of(), null);
      } else {
        failHandOver(reason, "USER_BUSY".equals(cause) ? settings().busyTone() : settings().unavailablePrompt(), cause);
      }
    }
  }

  private void outsideLegEnded(Leg leg, String cause) {
    Stage stage = state.stage();
    if (stage instanceof Stage.Connected connected && connected.otherLeg().equals(leg.uuid())) {
      endCall(cause);
      return;
    }
    if (stage instanceof Stage.RingingOutside ringing && ringing.leg().equals(leg.uuid())) {
      Route.Outside route = ringing.route();
      int next = ringing.attempt() + 1;
      if (GATEWAY_FAILURES.contains(cause) && next < route.attempts().size()) {
        decided("outside", "gateway failed", "gateway " + leg.gatewayId() + " failed with " + cause + "; trying gateway "
            + route.attempts().get(next).gatewayId());
        dialOutside(route, next);
        return;
      }
      String reason = GATEWAY_FAILURES.contains(cause)
          ? "every gateway to " + route.number() + " failed (last: " + leg.gatewayId() + ", " + cause + ")"
          : route.number() + " did not take the call (" + cause + ")";
      decided("outside", "failed", reason);
      stopPlayback();
      failHandOver(reason, "USER_BUSY".equals(cause) ? settings().busyTone() : settings().outsideFailedPrompt(),
          GATEWAY_FAILURES.contains(cause) ? "NORMAL_TEMPORARY_FAILURE" : cause);
    }
  }

  private void onChannelsLive(CallInput.ChannelsLive live) {
    if (!live.nodeId().equals(state.origin().nodeId())) {
      return;
    }
    // Only legs known to exist count: a leg still being originated is not listed yet.
    List<String> gone = state.liveLegs().stream()
        .filter(l -> l.role() == Role.CALLER || l.answered())
        .map(Leg::uuid)
        .filter(uuid -> !live.legUuids().contains(uuid))
        .toList();
    gone.forEach(uuid -> onLegEnded(uuid, CHANNEL_GONE));
  }

  // ------------------------------------------------------------------ media on the caller's leg

  private void onDtmf(CallInput.DtmfReceived dtmf) {
    if (state.status() != Status.ACTIVE || !dtmf.legUuid().equals(state.callerLeg())
        || !(state.stage() instanceof Stage.InFlow) || dtmf.digit() == null || dtmf.digit().length() != 1) {
      return;
    }
    stepFlow(new FlowInput.Digit(dtmf.digit().charAt(0)));
  }

  private void onApplicationCompleted(CallInput.ApplicationCompleted completed) {
    Playback playing = state.playback();
    if (state.status() != Status.ACTIVE || playing == null
        || !playing.lastApplication().equals(completed.applicationUuid())) {
      return;
    }
    fact(new CallFact.PlaybackEnded(playing.id(), true));
    Stage stage = state.stage();
    switch (playing.purpose()) {
      case FLOW -> {
        if (stage instanceof Stage.InFlow) {
          stepFlow(new FlowInput.PromptFinished(playing.id()));
        }
      }
      case QUEUE_GREETING, ANNOUNCEMENT -> {
        if (stage instanceof Stage.Queued queued) {
          play(Purpose.MUSIC, newUuid(), List.of(new Sound.File(queued.music())));
        }
      }
      case VOICEMAIL_GREETING -> {
        if (stage instanceof Stage.Voicemail voicemail && voicemail.step() == Stage.VoicemailStep.GREETING) {
          startRecording(voicemail);
        }
      }
      case FINAL -> {
        if (stage instanceof Stage.Closing closing) {
          endCall(closing.cause());
        }
      }
      case MUSIC, RINGBACK -> { } // ended by itself (a missing stream): not restarted in a loop
    }
  }

  // ------------------------------------------------------------------ voicemail

  private void startVoicemail(String mailboxId, List<Sound> greeting, Duration maxLength) {
    stopPlayback();
    cancelFlowTimers();
    fact(new CallFact.StageChanged(new Stage.Voicemail(mailboxId, Stage.VoicemailStep.LOOKUP, greeting, maxLength,
        null, null, null, null, null)));
    act(new CallAction.LookupMailbox(mailboxId));
  }

  private void onMailboxLooked(CallInput.MailboxLooked looked) {
    if (state.status() != Status.ACTIVE || !(state.stage() instanceof Stage.Voicemail voicemail)
        || voicemail.step() != Stage.VoicemailStep.LOOKUP || !voicemail.mailboxId().equals(looked.mailboxId())) {
      return;
    }
    CallInput.MailboxInfo mailbox = looked.mailbox();
    if (mailbox == null || mailbox.refusal() != null) {
      String reason = mailbox == null ? "mailbox " + looked.mailboxId() + " could not be read" : mailbox.refusal();
      decided("voicemail", "refused", reason);
      close(settings().mailboxUnavailablePrompt(), "NORMAL_CLEARING", reason);
      return;
    }
    MailboxSettings box = mailbox.settings();
    String messageId = "msg-" + newUuid();
    String path = settings().storage().messagePath(voicemail.mailboxId(), messageId);
    List<Sound> greeting = new ArrayList<>(voicemail.greeting());
    if (greeting.isEmpty()) {
      greeting.addAll(mailbox.greetingFile() != null
          ? List.of(new Sound.File(mailbox.greetingFile()))
          : promptSounds(settings().defaultGreeting()));
    }
    greeting.add(new Sound.File(settings().beep()));
    Duration limit = voicemail.maxLength() == null || voicemail.maxLength().compareTo(box.maxMessageLength()) > 0
        ? box.maxMessageLength() : voicemail.maxLength();
    fact(new CallFact.StageChanged(new Stage.Voicemail(voicemail.mailboxId(), Stage.VoicemailStep.GREETING,
        voicemail.greeting(), limit, messageId, path, null,
        box.silenceDetection() ? box.silenceThreshold() : null, box.silenceDetection() ? box.silenceHits() : null)));
    play(Purpose.VOICEMAIL_GREETING, newUuid(), greeting);
  }

  private void startRecording(Stage.Voicemail voicemail) {
    // # ends the message (FreeSWITCH's record stops on the playback terminators, whose default
    // differs between versions); set before the record application is queued.
    act(new CallAction.SetLegVariable(state.callerLeg(), "playback_terminators", "#"));
    act(new CallAction.RecordMessage(state.callerLeg(), voicemail.path(), voicemail.maxLength(),
        voicemail.silenceThreshold(), voicemail.silenceHits(), newUuid()));
    fact(new CallFact.StageChanged(new Stage.Voicemail(voicemail.mailboxId(), Stage.VoicemailStep.RECORDING,
        voicemail.greeting(), voicemail.maxLength(), voicemail.messageId(), voicemail.path(), at,
        voicemail.silenceThreshold(), voicemail.silenceHits())));
  }

  private void onRecordStopped(CallInput.RecordStopped stopped) {
    Stage stage = state.stage();
    if (stage instanceof Stage.Voicemail voicemail && voicemail.step() == Stage.VoicemailStep.RECORDING
        && voicemail.path().equals(stopped.path())) {
      deposit(voicemail, Duration.ofMillis(Math.max(0, stopped.durationMillis())), stopped.completionCause());
      fact(new CallFact.StageChanged(new Stage.Closing("message recorded", "NORMAL_CLEARING")));
      endCall("NORMAL_CLEARING");
      return;
    }
    if (stage instanceof Stage.Ended ended && ended.pending() != null && ended.pending().path().equals(stopped.path())) {
      deposit(ended.pending(), Duration.ofMillis(Math.max(0, stopped.durationMillis())), stopped.completionCause());
      fact(new CallFact.StageChanged(new Stage.Ended(ended.cause(), ended.at(), null)));
      clearTimer(RECORDING_GRACE_TIMER, true);
    }
  }

  private void deposit(Stage.Voicemail voicemail, Duration duration, String how) {
    act(new CallAction.Deposit(voicemail.mailboxId(), voicemail.messageId(), callerNumber(),
        state.origin().callerName(), duration, voicemail.path()));
    decided("voicemail", "deposited", "message " + voicemail.messageId() + " (" + duration.toMillis() + " ms, " + how
        + ") in mailbox " + voicemail.mailboxId());
  }

  // ------------------------------------------------------------------ timers

  private void onTimer(String timerId) {
    if (!state.timers().containsKey(timerId)) {
      return; // cancelled, or fired twice
    }
    fact(new CallFact.TimerCleared(timerId));
    if (RECORDING_GRACE_TIMER.equals(timerId)) {
      if (state.stage() instanceof Stage.Ended ended && ended.pending() != null) {
        Stage.Voicemail pending = ended.pending();
        Instant since = pending.recordingSince() == null ? ended.at() : pending.recordingSince();
        Duration estimated = Duration.between(since, ended.at());
        deposit(pending, estimated.isNegative() ? Duration.ZERO : estimated, "no RECORD_STOP; length estimated");
        fact(new CallFact.StageChanged(new Stage.Ended(ended.cause(), ended.at(), null)));
      }
      return;
    }
    if (state.status() == Status.ACTIVE && state.stage() instanceof Stage.InFlow) {
      stepFlow(new FlowInput.TimerFired(timerId));
    }
  }

  private void armTimer(String timerId, Instant deadline) {
    act(new CallAction.ArmTimer(timerId, deadline));
    fact(new CallFact.TimerArmed(timerId, deadline));
  }

  private void clearTimer(String timerId, boolean cancel) {
    if (!state.timers().containsKey(timerId)) {
      return;
    }
    if (cancel) {
      act(new CallAction.CancelTimer(timerId));
    }
    fact(new CallFact.TimerCleared(timerId));
  }

  private void cancelFlowTimers() {
    for (String timerId : List.copyOf(state.timers().keySet())) {
      if (!timerId.startsWith("call/")) {
        clearTimer(timerId, true);
      }
    }
  }

  // ------------------------------------------------------------------ hold, mute

  private void onHold(CallInput.Hold hold) {
    Stage.Connected connected = requireConnected("hold");
    Party party = hold.party() != null ? hold.party() : remoteParty();
    if (state.held().contains(party) == hold.on()) {
      return;
    }
    // uuid_hold on a leg holds that leg's phone and plays the leg's hold_music to its partner:
    // to make a party hear music, the other party's leg is held.
    String holding = party == Party.CALLER ? connected.otherLeg() : state.callerLeg();
    if (hold.on()) {
      act(new CallAction.SetLegVariable(holding, "hold_music", settings().musicOnHold()));
    }
    act(new CallAction.HoldLeg(holding, hold.on()));
    fact(new CallFact.HoldChanged(party, hold.on()));
  }

  private void onMute(CallInput.Mute mute) {
    Stage.Connected connected = requireConnected("mute");
    Party party = mute.party() != null ? mute.party() : localParty();
    if (state.muted().contains(party) == mute.on()) {
      return;
    }
    act(new CallAction.MuteLeg(party == Party.CALLER ? state.callerLeg() : connected.otherLeg(), mute.on()));
    fact(new CallFact.MuteChanged(party, mute.on()));
  }

  private Party remoteParty() {
    return state.origin().kind() == OriginKind.INBOUND ? Party.CALLER : Party.CALLEE;
  }

  private Party localParty() {
    return remoteParty() == Party.CALLER ? Party.CALLEE : Party.CALLER;
  }

  private Stage.Connected requireConnected(String what) {
    requireActive(what);
    if (state.stage() instanceof Stage.Connected connected) {
      return connected;
    }
    throw new Rejection("call " + state.callId() + " is not connected (" + stageName() + "); " + what
        + " needs two parties talking");
  }

  private void requireActive(String what) {
    if (state.status() != Status.ACTIVE) {
      throw new Rejection("call " + state.callId() + " is " + (state.status() == Status.ENDED ? "over" : "not started")
          + "; nothing to " + what);
    }
  }

  private String stageName() {
    return state.stage().getClass().getSimpleName();
  }

  // ------------------------------------------------------------------ ending

  /** Says {@code prompt} (if any) to the caller, then hangs up with {@code cause}. */
  private void close(String prompt, String cause, String reason) {
    decided("close", cause, reason);
    if (!callerLegLive()) {
      endCall(cause);
      return;
    }
    stopPlayback();
    cancelFlowTimers();
    if (state.flow() != null) {
      fact(new CallFact.FlowChanged(null));
    }
    List<Sound> sounds = promptSounds(prompt);
    if (sounds.isEmpty()) {
      endCall(cause);
      return;
    }
    fact(new CallFact.StageChanged(new Stage.Closing(reason, cause)));
    play(Purpose.FINAL, newUuid(), sounds);
  }

  /** Ends the call: every live leg is hung up, queues and agents are told, timers cancelled. */
  private void endCall(String cause) {
    Stage stage = state.stage();
    if (stage instanceof Stage.Queued queued) {
      act(new CallAction.ToQueue(queued.queueId(), new ReportAbandon()));
    } else if (stage instanceof Stage.Connected connected) {
      endOfConversation(connected.link());
    }
    CallState.Origin origin = state.origin();
    if (origin.callerUserId() != null && state.callerLeg() != null) {
      act(new CallAction.AgentOnCall(origin.callerUserId(), false));
    }
    String legCause = CHANNEL_GONE.equals(cause) ? "NORMAL_CLEARING" : cause;
    for (Leg leg : state.liveLegs()) {
      hangUpLeg(leg.uuid(), legCause);
    }
    for (String timerId : List.copyOf(state.timers().keySet())) {
      clearTimer(timerId, true);
    }
    if (state.playback() != null) {
      fact(new CallFact.PlaybackEnded(state.playback().id(), false));
    }
    Stage.Voicemail pending = stage instanceof Stage.Voicemail voicemail
        && voicemail.step() == Stage.VoicemailStep.RECORDING ? voicemail : null;
    fact(new CallFact.StageChanged(new Stage.Ended(cause, at, pending)));
    fact(new CallFact.CallEnded(cause, at));
    if (pending != null) {
      armTimer(RECORDING_GRACE_TIMER, at.plus(settings().recordingGrace()));
    }
  }

  private void endOfConversation(Stage.Link link) {
    if (link instanceof Stage.AgentLink agent) {
      act(new CallAction.ToQueue(agent.queueId(), new ReportComplete()));
    } else if (link instanceof Stage.UserLink user) {
      act(new CallAction.AgentOnCall(user.userId(), false));
    }
  }

  private void hangUpLeg(String uuid, String cause) {
    Leg leg = state.leg(uuid);
    if (leg != null && !leg.ended() && !leg.released()) {
      act(new CallAction.HangupLeg(uuid, cause));
      fact(new CallFact.LegReleased(uuid, cause));
    }
  }

  private boolean callerLegLive() {
    Leg caller = state.leg(state.callerLeg());
    return caller != null && !caller.ended();
  }

  // ------------------------------------------------------------------ playback

  private void play(Purpose purpose, String id, List<Sound> sounds) {
    if (sounds.isEmpty() || !callerLegLive()) {
      return;
    }
    stopPlayback();
    String leg = state.callerLeg();
    List<CallAction.SoundPart> parts = new ArrayList<>();
    for (Sound sound : sounds) {
      parts.add(new CallAction.SoundPart(newUuid(), sound));
    }
    act(new CallAction.PlaySounds(leg, id, parts));
    fact(new CallFact.PlaybackStarted(new Playback(id, purpose, leg, parts.get(parts.size() - 1).applicationUuid())));
  }

  private void stopPlayback() {
    Playback playing = state.playback();
    if (playing == null) {
      return;
    }
    act(new CallAction.BreakMedia(playing.leg()));
    fact(new CallFact.PlaybackEnded(playing.id(), false));
  }

  private List<Sound> sounds(List<Prompt> prompts) {
    List<Sound> sounds = new ArrayList<>();
    for (Prompt prompt : prompts) {
      if (prompt instanceof Prompt.AudioFile file) {
        sounds.add(new Sound.File(file.path()));
      } else if (prompt instanceof Prompt.Tone tone) {
        sounds.add(new Sound.File("tone_stream://" + tone.spec()));
      } else if (prompt instanceof Prompt.Speech speech) {
        sounds.add(new Sound.Speech(speech.text(), speech.voice().isEmpty() ? settings().defaultVoice() : speech.voice()));
      }
    }
    return sounds;
  }

  /**
   * The sounds of a prompt reference from the directory or the settings: {@code say:text} is
   * spoken, a reference with {@code /} or {@code ://} is a file or stream, anything else is a
   * prompt id found through {@link CallSettings#promptFile()}. {@code null} or blank: nothing.
   */
  private List<Sound> promptSounds(String reference) {
    if (reference == null || reference.isBlank()) {
      return List.of();
    }
    if (reference.startsWith("say:")) {
      return List.of(new Sound.Speech(reference.substring(4).strip(), settings().defaultVoice()));
    }
    if (reference.contains("/")) {
      return List.of(new Sound.File(reference));
    }
    return List.of(new Sound.File(settings().promptFile().replace("{id}", reference)));
  }

  // ------------------------------------------------------------------ helpers

  private void fact(CallFact fact) {
    facts.add(fact);
    state = CallDomain.apply(state, fact);
  }

  private void act(CallAction action) {
    actions.add(action);
  }

  private void decided(String topic, String outcome, String reason) {
    fact(new CallFact.Decided(topic, outcome, reason));
  }

  private CallSettings settings() {
    return state.settings();
  }

  private String callerNumber() {
    return state.origin().callerNumber();
  }

  private String callerUserId() {
    return state.origin().callerUserId();
  }

  /** A new uuid, the same in every replay: derived from the call id, the input count and a counter. */
  private String newUuid() {
    String seed = state.callId() + "/" + state.steps() + "/" + ids++;
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private Map<String, String> variables(String role, Map<String, String> extra) {
    Map<String, String> variables = new LinkedHashMap<>(extra);
    variables.put("switchboard_call_id", state.callId());
    variables.put("switchboard_role", role);
    return variables;
  }
}
