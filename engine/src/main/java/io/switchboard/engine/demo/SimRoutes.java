package io.switchboard.engine.demo;

import io.switchboard.engine.http.ApiResponses;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.EslSimulator;
import io.switchboard.media.sim.ReceivedCommand;
import io.switchboard.media.sim.SimChannelView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo mode's HTTP routes that drive the ESL simulator, as a caller or a phone would:
 *
 * <ul>
 *   <li>{@code GET /sim}: what is simulated (node, ESL address, endpoint scripts, routes);
 *   <li>{@code POST /sim/calls} {@code {"from", "callerName", "to", "internal"}}: a caller dials a
 *       number; 201 with the channel uuid, which is also the engine's call id;
 *   <li>{@code GET /sim/channels}, {@code GET /sim/channels/{uuid}}: the live simulated channels;
 *   <li>{@code POST /sim/channels/{uuid}/dtmf} {@code {"digits": "1"}}: the party presses keys;
 *   <li>{@code POST /sim/channels/{uuid}/hangup} {@code {"cause": "NORMAL_CLEARING"}} (body
 *       optional): the party hangs up;
 *   <li>{@code GET /sim/commands?limit=50&channel={uuid}}: the ESL commands the engine sent, most
 *       recent first.
 * </ul>
 *
 * <p>Every answer says {@code "simulated": true}; errors are {@code application/problem+json}
 * (400 for a bad request, 404 for an unknown or ended channel, 503 while the engine is not
 * connected to the simulator). Served only in demo mode; created by {@link DemoMode}. The
 * simulator is thread-safe and answers in memory, so the routes never block for long.
 */
public final class SimRoutes extends AllDirectives {

  private static final Logger LOG = LoggerFactory.getLogger(SimRoutes.class);

  /** A simulated channel as the API shows it. */
  public record ChannelView(
      String uuid,
      String name,
      String direction,
      String callerNumber,
      String callerName,
      String destination,
      String state,
      String callState,
      boolean answered,
      boolean parked,
      boolean held,
      boolean muted,
      String playing,
      String recording,
      String bridgedTo,
      String callId,
      String role,
      Map<String, String> variables) {

    static ChannelView of(SimChannelView c) {
      return new ChannelView(c.uuid(), c.name(), c.direction(), c.callerNumber(), c.callerName(), c.destination(),
          c.state(), c.callState(), c.answered(), c.parked(), c.held(), c.muted(), c.playing().orElse(null),
          c.recording().orElse(null), c.bridgedTo().orElse(null), c.variables().get("switchboard_call_id"),
          c.variables().get("switchboard_role"), new TreeMap<>(c.variables()));
    }
  }

  /**
   * One ESL command the simulator received from the engine.
   *
   * @param esl the command on one line: the command, and for {@code sendmsg} the application and
   *     its argument
   */
  public record CommandView(Instant at, long connection, String esl, String command, Map<String, String> headers,
      String body) {

    static CommandView of(ReceivedCommand c) {
      return new CommandView(c.at(), c.connection(), line(c), c.command(), new TreeMap<>(c.headers()),
          c.body().isEmpty() ? null : c.body());
    }

    static String line(ReceivedCommand c) {
      return c.command().startsWith("sendmsg") && !c.application().isEmpty()
          ? (c.command() + " " + c.application() + " " + c.body()).strip()
          : c.command();
    }

    boolean names(String uuid) {
      return command.toLowerCase(Locale.ROOT).contains(uuid)
          || (body != null && body.toLowerCase(Locale.ROOT).contains(uuid));
    }
  }

  private final EslSimulator sim;
  private final String nodeId;
  private final Map<String, EndpointScript> endpoints;
  private final EndpointScript defaultEndpoint;
  private final int maxCommandsListed;
  private final ApiResponses api;

  /**
   * @param sim the simulator
   * @param nodeId the media node id the engine knows the simulator by
   * @param endpoints how simulated endpoints behave, for {@code GET /sim}
   * @param defaultEndpoint how other endpoints behave
   * @param maxCommandsListed the most commands one listing returns
   * @param api the engine's JSON and problem rendering
   */
  public SimRoutes(EslSimulator sim, String nodeId, Map<String, EndpointScript> endpoints, EndpointScript defaultEndpoint, int maxCommandsListed, ApiResponses api) {
    this.sim = sim;
    this.nodeId = nodeId;
    this.endpoints = Map.copyOf(endpoints);
    this.defaultEndpoint = defaultEndpoint;
    this.maxCommandsListed = maxCommandsListed;
    this.api = api;
  }

  /** The routes; what they do not take under {@code /sim} is answered as a problem here. */
  public Route route() {
    return pathPrefix("sim", () -> handleRejections(api.rejections(), () -> concat(
        pathEnd(() -> get(() -> complete(overview()))),
        path("calls", () -> post(() -> entity(Unmarshaller.entityToString(), body -> complete(placeCall(body))))),
        pathPrefix("channels", () -> concat(
            pathEnd(() -> get(() -> complete(channels()))),
            pathPrefix(PathMatchers.segment(), uuid -> concat(
                pathEnd(() -> get(() -> complete(channel(uuid)))),
                path("dtmf", () -> post(() -> entity(Unmarshaller.entityToString(), body -> complete(dtmf(uuid, body))))),
                path("hangup", () -> post(() -> entity(Unmarshaller.entityToString(),
                    body -> complete(hangup(uuid, body))))))))),
        path("commands", () -> get(() -> parameterOptional("limit", limit -> parameterOptional("channel",
            channel -> complete(commands(limit, channel)))))))));
  }

  HttpResponse overview() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("simulated", true);
    body.put("what", "Switchboard's ESL simulator, a test and demo tool: it speaks FreeSWITCH's Event Socket but"
        + " carries no audio and no SIP. It is not FreeSWITCH; every call here is simulated.");
    body.put("node", nodeId);
    body.put("esl", sim.host() + ":" + sim.port());
    body.put("engineConnected", sim.subscribedConnectionCount() > 0);
    body.put("liveChannels", sim.channels().size());
    Map<String, String> scripts = new LinkedHashMap<>();
    endpoints.forEach((dial, script) -> scripts.put(dial, describe(script)));
    scripts.put("(any other)", describe(defaultEndpoint));
    body.put("endpoints", scripts);
    body.put("routes", List.of(
        "POST /sim/calls {\"from\": \"+12125550100\", \"callerName\": \"Jane Doe\", \"to\": \"+15550100100\"}",
        "GET /sim/channels",
        "GET /sim/channels/{uuid}",
        "POST /sim/channels/{uuid}/dtmf {\"digits\": \"1\"}",
        "POST /sim/channels/{uuid}/hangup {\"cause\": \"NORMAL_CLEARING\"}",
        "GET /sim/commands?limit=50&channel={uuid}"));
    return api.ok(body);
  }

  HttpResponse placeCall(String requestBody) {
    SimRequests.PlaceCall call;
    try {
      call = SimRequests.placeCall(requestBody);
    } catch (SimRequests.BadSimRequest e) {
      return bad(e);
    }
    if (sim.subscribedConnectionCount() == 0) {
      return api.problem(StatusCodes.SERVICE_UNAVAILABLE, "Engine not connected",
          "the engine is not connected to the simulator yet, so nobody would answer the call; wait until GET /ready"
              + " is 200 and try again");
    }
    String uuid = sim.placeInboundCall(call.from(), call.callerName(), call.to(), call.variables());
    LOG.info("Simulated call {}: {}{} dials {} ({})", uuid, call.from(),
        call.callerName().isEmpty() ? "" : " (" + call.callerName() + ")", call.to(),
        call.internal() ? "an internal phone" : "from outside, through the carrier");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("simulated", true);
    body.put("channel", uuid);
    // An inbound call's id is the uuid of the caller's parked channel (engine/CALLS.md).
    body.put("callId", uuid);
    body.put("from", call.from());
    body.put("callerName", call.callerName());
    body.put("to", call.to());
    body.put("internal", call.internal());
    body.put("watch", Map.of("call", "/calls/" + uuid, "channel", "/sim/channels/" + uuid));
    return api.json(StatusCodes.CREATED, body).addHeader(Location.create("/sim/channels/" + uuid));
  }

  HttpResponse channels() {
    List<ChannelView> live = sim.channels().stream().map(ChannelView::of)
        .sorted(Comparator.comparing(ChannelView::uuid)).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("simulated", true);
    body.put("channels", live);
    return api.ok(body);
  }

  HttpResponse channel(String uuid) {
    return sim.channel(uuid)
        .map(c -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("simulated", true);
          body.put("channel", ChannelView.of(c));
          return api.ok(body);
        })
        .orElseGet(() -> noChannel(uuid));
  }

  HttpResponse dtmf(String uuid, String requestBody) {
    SimRequests.Digits digits;
    try {
      digits = SimRequests.digits(requestBody);
    } catch (SimRequests.BadSimRequest e) {
      return bad(e);
    }
    if (!sim.injectDtmf(uuid, digits.digits())) {
      return noChannel(uuid);
    }
    LOG.info("Simulated keys {} pressed on channel {}", digits.digits(), uuid);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("simulated", true);
    body.put("channel", uuid);
    body.put("digits", digits.digits());
    return api.ok(body);
  }

  HttpResponse hangup(String uuid, String requestBody) {
    SimRequests.Hangup hangup;
    try {
      hangup = SimRequests.hangup(requestBody);
    } catch (SimRequests.BadSimRequest e) {
      return bad(e);
    }
    if (!sim.hangup(uuid, hangup.cause())) {
      return noChannel(uuid);
    }
    LOG.info("Simulated hang-up of channel {} ({})", uuid, hangup.cause());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("simulated", true);
    body.put("channel", uuid);
    body.put("cause", hangup.cause());
    return api.ok(body);
  }

  HttpResponse commands(Optional<String> limit, Optional<String> channel) {
    SimRequests.CommandQuery query;
    try {
      query = SimRequests.commands(limit, channel, maxCommandsListed);
    } catch (SimRequests.BadSimRequest e) {
      return bad(e);
    }
    List<ReceivedCommand> all = sim.commands();
    List<CommandView> recent = new ArrayList<>(query.limit());
    for (int i = all.size() - 1; i >= 0 && recent.size() < query.limit(); i--) {
      CommandView view = CommandView.of(all.get(i));
      if (query.channel().map(view::names).orElse(true)) {
        recent.add(view);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("simulated", true);
    body.put("order", "most recent first");
    body.put("commands", recent);
    return api.ok(body);
  }

  // ---------------------------------------------------------------------------------------------

  private HttpResponse bad(SimRequests.BadSimRequest e) {
    return api.problem(StatusCodes.BAD_REQUEST, e.title(), e.getMessage());
  }

  private HttpResponse noChannel(String uuid) {
    String shown = uuid.length() > 40 ? uuid.substring(0, 40) + "..." : uuid;
    return api.problem(StatusCodes.NOT_FOUND, "No such channel", "no live simulated channel " + shown
        + " (it never existed or has hung up); GET /sim/channels lists the live ones");
  }

  /** An endpoint script in words. */
  static String describe(EndpointScript script) {
    if (script instanceof EndpointScript.Answer answer) {
      return answer.after().isZero() ? "answers at once" : "rings " + seconds(answer.after()) + ", then answers";
    }
    if (script instanceof EndpointScript.Reject reject) {
      String refuses = reject.cause().equals("USER_BUSY") ? "busy (USER_BUSY)" : "refuses with " + reject.cause();
      return reject.after().isZero() ? refuses : "rings " + seconds(reject.after()) + ", then " + refuses;
    }
    return "rings and never answers (the engine gives up at its ring time)";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
