package io.switchboard.media.sim.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.media.esl.EslMessage;
import io.switchboard.media.esl.FsUrlCodec;
import io.switchboard.media.sim.EndpointScript;
import io.switchboard.media.sim.ReceivedCommand;
import io.switchboard.media.sim.SimChannelView;
import io.switchboard.media.sim.SimulatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated FreeSWITCH: channels, applications, bridges and the ESL command language, with
 * the event sequences of the real captures in {@code shared/esl}. A test and demo tool.
 *
 * <p>Every change happens under this object's lock (commands from client connections, the
 * Java API, timers), so events are produced in one order and each client gets a command's reply
 * before the events the command causes, as FreeSWITCH does.
 */
public final class SimSwitch {

  private static final Logger log = LoggerFactory.getLogger(SimSwitch.class);
  private static final String GOODBYE =
      "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GMT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  /** mod_event_socket's fixed "myevents" list: no PLAYBACK_* or RECORD_* (README fact). */
  static final Set<String> MYEVENTS = Set.of("CHANNEL_ANSWER", "CHANNEL_APPLICATION",
      "CHANNEL_BRIDGE", "CHANNEL_CREATE", "CHANNEL_DATA", "CHANNEL_DESTROY", "CHANNEL_EXECUTE",
      "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_ORIGINATE",
      "CHANNEL_PARK", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_STATE",
      "CHANNEL_UNBRIDGE", "CHANNEL_UNPARK", "DETECTED_SPEECH", "DTMF", "NOTALK", "TALK",
      "CHANNEL_CALLSTATE", "CHANNEL_HOLD", "CHANNEL_UNHOLD");
  private static final int MAX_COMMAND_LOG = 100_000;

  private final ActorSystem<?> system;
  private final SimulatorSettings settings;
  private final Supplier<UUID> ids;
  private final String coreUuid;
  private final Map<String, SimChannel> channels = new LinkedHashMap<>();
  private final List<SimSession> sessions = new ArrayList<>();
  private final Map<String, EndpointScript> scripts = new LinkedHashMap<>();
  private final Map<String, Duration> playbackDurations = new LinkedHashMap<>();
  private final Deque<ReceivedCommand> commandLog = new ArrayDeque<>();
  private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
  private EndpointScript defaultEndpoint;
  private Duration defaultPlayback;
  private long sequence = 1000;
  private long sessionIds;
  private long sessionsSinceStart;
  private SocketConnector socketConnector;
  private boolean frozen;
  private boolean honourJobUuid = true;

  /** Opens the simulator's own TCP connection to an outbound-socket server. */
  public interface SocketConnector {
    void connect(SimSession session, String host, int port);
  }

  public SimSwitch(ActorSystem<?> system, SimulatorSettings settings, Supplier<UUID> ids) {
    this.system = system;
    this.settings = settings;
    this.ids = ids;
    this.coreUuid = ids.get().toString();
    this.defaultEndpoint = settings.defaultEndpoint();
    this.defaultPlayback = settings.defaultPlayback();
  }

  public synchronized void setSocketConnector(SocketConnector c) {
    this.socketConnector = c;
  }

  // =================================================================== Java API (under lock)

  public synchronized void scriptEndpoint(String pattern, EndpointScript script) {
    scripts.put(pattern, script);
  }

  public synchronized void setDefaultEndpoint(EndpointScript script) {
    defaultEndpoint = script;
  }

  public synchronized void setPlaybackDuration(String file, Duration d) {
    playbackDurations.put(file, d);
  }

  public synchronized void setDefaultPlayback(Duration d) {
    defaultPlayback = d;
  }

  /** A caller dials {@code destination}; the dialplan parks the call for the engine. */
  public synchronized String placeInboundCall(String callerNumber, String callerName,
      String destination) {
    return placeInboundCall(callerNumber, callerName, destination, Map.of());
  }

  /**
   * As {@link #placeInboundCall(String, String, String)}, the dialplan setting {@code variables}
   * (e.g. {@code switchboard_internal=true}) before it parks, as the config kit's dialplans do:
   * they show in the events from the park on, not in CHANNEL_CREATE.
   */
  public synchronized String placeInboundCall(String callerNumber, String callerName,
      String destination, Map<String, String> variables) {
    SimChannel ch = newInboundChannel(callerNumber, callerName, destination);
    ch.vars.putAll(variables);
    runDialplanPark(ch);
    return ch.uuid;
  }

  /** As {@link #placeInboundCall}, but the dialplan hands the call to an outbound-socket server. */
  public synchronized String placeInboundCallToSocket(String callerNumber, String callerName,
      String destination, String host, int port) {
    SimChannel ch = newInboundChannel(callerNumber, callerName, destination);
    runSocketApp(ch, host, port);
    return ch.uuid;
  }

  private SimChannel newInboundChannel(String callerNumber, String callerName, String destination) {
    String uuid = ids.get().toString();
    SimChannel ch = new SimChannel(uuid, "sofia/external/" + callerNumber + "@127.0.0.1",
        "inbound", "mod_sofia", nowMicros());
    ch.context = "public";
    ch.destination = destination;
    ch.callerName = callerName;
    ch.callerNumber = callerNumber;
    ch.origName = callerName;
    ch.origNumber = callerNumber;
    ch.calleeName = "";
    ch.calleeNumber = "";
    ch.ani = callerNumber;
    ch.hitDialplan = true;
    ch.vars.put("direction", "inbound");
    ch.vars.put("uuid", uuid);
    ch.vars.put("session_id", Long.toString(++sequence));
    ch.vars.put("sip_from_user", callerNumber);
    ch.vars.put("sip_to_user", destination);
    ch.vars.put("sip_req_user", destination);
    ch.vars.put("channel_name", ch.name);
    channels.put(uuid, ch);
    fire(ch, "CHANNEL_CREATE");
    ch.state = "CS_ROUTING";
    ch.callState = "RINGING";
    return ch;
  }

  public synchronized boolean injectDtmf(String uuid, String digits) {
    SimChannel ch = channels.get(uuid);
    if (ch == null || ch.hungUp) {
      return false;
    }
    for (char d : digits.toCharArray()) {
      dtmf(ch, String.valueOf(d));
    }
    return true;
  }

  /** The party on {@code uuid} hangs up (the caller, or the far end of an originated leg). */
  public synchronized boolean hangup(String uuid, String cause) {
    SimChannel ch = channels.get(uuid);
    if (ch == null || ch.hungUp) {
      return false;
    }
    hangupChannel(ch, cause == null ? "NORMAL_CLEARING" : cause);
    return true;
  }

  public synchronized List<SimChannelView> channels() {
    List<SimChannelView> out = new ArrayList<>();
    for (SimChannel c : channels.values()) {
      out.add(view(c));
    }
    return out;
  }

  public synchronized Optional<SimChannelView> channel(String uuid) {
    SimChannel c = channels.get(uuid);
    return c == null ? Optional.empty() : Optional.of(view(c));
  }

  private static SimChannelView view(SimChannel c) {
    return new SimChannelView(c.uuid, c.name, c.direction, c.callerNumber, c.callerName,
        c.destination, c.state, c.callState, c.answered(), c.parked, c.held, c.muted,
        Optional.ofNullable(c.playingFile), Optional.ofNullable(c.recordPath),
        Optional.ofNullable(c.bridgedTo), c.vars);
  }

  public synchronized List<ReceivedCommand> commands() {
    return List.copyOf(commandLog);
  }

  public synchronized void clearCommands() {
    commandLog.clear();
  }

  public synchronized int sessionCount() {
    return sessions.size();
  }

  /** Clients that have subscribed to events (with event or myevents). */
  public synchronized int subscribedSessionCount() {
    return (int) sessions.stream().filter(x -> x.format != null).count();
  }

  public synchronized long sessionsSinceStart() {
    return sessionsSinceStart;
  }

  /** Closes every client connection abruptly, as a network failure would. */
  public synchronized void dropConnections() {
    for (SimSession s : List.copyOf(sessions)) {
      s.abort(new IOException("connection dropped by the ESL simulator"));
    }
  }

  /**
   * Emits {@code count} DTMF events on a channel as fast as clients take them (benchmarks): one
   * DTMF event is built and serialised once and its bytes are written {@code count} times, so
   * that the simulator's own event building does not limit what a client is measured at. Writing
   * pauses while any client's queue is half full and resumes a millisecond later.
   */
  public void emitBurst(String uuid, int count, Runnable done) {
    SimEvent event;
    synchronized (this) {
      SimChannel ch = channels.get(uuid);
      if (ch == null) {
        done.run();
        return;
      }
      List<String[]> h = new ArrayList<>(160);
      h.add(new String[] {"Event-Name", "DTMF"});
      coreHeaders(h, "switch_channel.c", "switch_channel_dequeue_dtmf");
      channelHeaders(h, ch);
      h.add(new String[] {"DTMF-Digit", "5"});
      h.add(new String[] {"DTMF-Duration", "2000"});
      h.add(new String[] {"DTMF-Source", "UNKNOWN"});
      event = new SimEvent("DTMF", ch.uuid, h, null);
    }
    int[] left = {count};
    Runnable step = new Runnable() {
      @Override
      public void run() {
        synchronized (SimSwitch.this) {
          int limit = settings.sessionQueueCapacity() / 2;
          // at most 1024 events per turn, so the lock is not held for long
          int turn = 1024;
          while (left[0] > 0 && turn-- > 0 && sessions.stream().allMatch(s -> s.queued() < limit)) {
            broadcast(event);
            left[0]--;
          }
        }
        if (left[0] > 0) {
          system.scheduler().scheduleOnce(Duration.ofMillis(1), this, system.executionContext());
          return;
        }
        done.run();
      }
    };
    step.run();
  }

  // =================================================================== sessions

  public synchronized SimSession openSession(boolean outbound) {
    SimSession s = new SimSession(++sessionIds, outbound);
    sessions.add(s);
    sessionsSinceStart++;
    return s;
  }

  /** The connection is up: an inbound client gets the auth/request greeting. */
  public synchronized void sessionStarted(SimSession s) {
    if (!s.outbound && !frozen && !s.greeted && s.out != null) {
      s.greeted = true;
      s.write("Content-Type: auth/request\n\n");
    }
  }

  public synchronized void sessionClosed(SimSession s) {
    if (!sessions.remove(s)) {
      return;
    }
    s.closing = true;
    if (s.outbound && s.controlledUuid != null) {
      SimChannel ch = channels.get(s.controlledUuid);
      if (ch != null && !ch.hungUp) {
        // FreeSWITCH hangs up a channel whose controlling socket went away (or never came)
        hangupChannel(ch, s.connected ? "NORMAL_CLEARING" : "DESTINATION_OUT_OF_ORDER");
      } else if (ch != null) {
        destroy(ch);
      }
    }
    closeListeners.forEach(Runnable::run);
  }

  public void onSessionClosed(Runnable r) {
    closeListeners.add(r);
  }

  /** Whether bgapi uses a client-chosen Job-UUID header (FreeSWITCH does) or its own. */
  public synchronized void setHonourJobUuidHeader(boolean honour) {
    this.honourJobUuid = honour;
  }

  /** While frozen, commands are read but not answered (a hung FreeSWITCH, for keep-alive tests). */
  public synchronized void setFrozen(boolean frozen) {
    this.frozen = frozen;
    if (!frozen) {
      // clients that connected meanwhile get their greeting now
      for (SimSession s : sessions) {
        sessionStarted(s);
      }
    }
  }

  public synchronized void onCommand(SimSession s, EslMessage m) {
    if (s.closing || frozen) {
      return;
    }
    if (s.blocked) {
      s.backlog.add(m);
      return;
    }
    handle(s, m);
  }

  private void unblock(SimSession s) {
    s.blocked = false;
    while (!s.blocked && !s.backlog.isEmpty() && !s.closing) {
      handle(s, s.backlog.poll());
    }
  }

  private void handle(SimSession s, EslMessage m) {
    String line = m.command() == null ? "" : m.command().strip();
    logCommand(s, line, m);
    String verb = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
    String rest = line.contains(" ") ? line.substring(line.indexOf(' ') + 1).strip() : "";
    if (s.outbound && !s.connected) {
      if (verb.equals("connect")) {
        connectReply(s);
      } else {
        reply(s, "-ERR command not found");
      }
      return;
    }
    if (!s.outbound && !s.authed) {
      if (verb.equals("auth")) {
        if (rest.equals(settings.password())) {
          s.authed = true;
          reply(s, "+OK accepted");
        } else {
          reply(s, "-ERR invalid");
          goodbye(s, null);
        }
      } else {
        reply(s, "-ERR command not found");
      }
      return;
    }
    switch (verb) {
      case "auth" -> reply(s, "+OK accepted");
      case "exit" -> {
        reply(s, "+OK bye");
        goodbye(s, null);
      }
      case "event" -> subscribe(s, rest);
      case "noevents" -> {
        s.events.clear();
        s.allEvents = false;
        s.myevents = false;
        reply(s, "+OK no longer listening for events");
      }
      case "nixevent" -> {
        for (String e : rest.split("\\s+")) {
          s.events.remove(e);
        }
        reply(s, "+OK events removed");
      }
      case "myevents" -> {
        String[] p = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        s.myevents = true;
        s.myeventsUuid = p.length > 0 && !p[0].equals("plain") && !p[0].equals("json")
            ? p[0] : s.controlledUuid;
        String fmt = p.length > 0 ? p[p.length - 1] : "plain";
        s.format = fmt.equals("json") ? "json" : "plain";
        reply(s, "+OK Events Enabled");
      }
      case "filter" -> filter(s, rest);
      case "linger" -> {
        if (rest.isEmpty()) {
          s.lingerSeconds = 0;
          reply(s, "+OK will linger");
        } else {
          s.lingerSeconds = parseInt(rest, 0);
          reply(s, "+OK will linger " + s.lingerSeconds + " seconds");
        }
      }
      case "nolinger" -> {
        s.lingerSeconds = null;
        reply(s, "+OK will not linger");
      }
      case "api" -> api(s, rest);
      case "bgapi" -> bgapi(s, rest, m.header("Job-UUID"));
      case "sendmsg" -> sendmsg(s, rest, m);
      default -> reply(s, "-ERR command not found");
    }
  }

  private void logCommand(SimSession s, String line, EslMessage m) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < m.headers().size(); i++) {
      headers.putIfAbsent(m.headers().name(i).toLowerCase(Locale.ROOT).equals("event-uuid")
          ? "Event-UUID" : m.headers().name(i), m.headers().value(i));
    }
    String shown = line.startsWith("auth ") ? "auth ***" : line;
    commandLog.add(new ReceivedCommand(s.id, shown, headers, m.bodyText(), settings.clock().instant()));
    if (commandLog.size() > MAX_COMMAND_LOG) {
      commandLog.poll();
    }
  }

  private void subscribe(SimSession s, String rest) {
    String[] p = rest.split("\\s+");
    String fmt = p[0];
    if (!fmt.equals("plain") && !fmt.equals("json")) {
      reply(s, "-ERR the ESL simulator supports event formats plain and json only");
      return;
    }
    s.format = fmt;
    for (int i = 1; i < p.length; i++) {
      if (p[i].equals("ALL")) {
        s.allEvents = true;
      } else if (!p[i].isEmpty()) {
        s.events.add(p[i]);
      }
    }
    reply(s, "+OK event listener enabled " + fmt);
  }

  private void filter(SimSession s, String rest) {
    String[] p = rest.split("\\s+", 2);
    if (p[0].equals("delete")) {
      String[] d = p.length > 1 ? p[1].split("\\s+", 2) : new String[0];
      s.filters.removeIf(f -> d.length == 0 || d[0].equals("all")
          || (f[0].equals(d[0]) && (d.length == 1 || f[1].equals(d[1]))));
      reply(s, "+OK filter deleted.");
      return;
    }
    if (p.length < 2) {
      reply(s, "-ERR invalid syntax");
      return;
    }
    s.filters.add(new String[] {p[0], p[1]});
    reply(s, "+OK filter added. [" + p[0] + "]=[" + p[1] + "]");
  }

  private void reply(SimSession s, String text) {
    write(s, "Content-Type: command/reply\nReply-Text: " + text + "\n\n");
  }

  private void apiResponse(SimSession s, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 64);
    out.writeBytes(("Content-Type: api/response\nContent-Length: " + b.length + "\n\n")
        .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(b);
    write(s, out.toByteArray());
  }

  private void write(SimSession s, String text) {
    write(s, text.getBytes(StandardCharsets.UTF_8));
  }

  private void write(SimSession s, byte[] bytes) {
    if (!s.write(bytes) && !s.closing && s.out != null && s.out.size() > 0) {
      // FreeSWITCH drops a listener that falls too far behind; so does the simulator
      log.warn("ESL simulator: client {} is {} messages behind; disconnecting it as FreeSWITCH"
          + " would", s.id, s.queued());
      s.abort(new IOException("client too slow"));
    }
  }

  private void goodbye(SimSession s, String controlledUuid) {
    StringBuilder sb = new StringBuilder("Content-Type: text/disconnect-notice\n");
    if (controlledUuid != null) {
      sb.append("Controlled-Session-UUID: ").append(controlledUuid).append('\n');
      sb.append("Content-Disposition: disconnect\n");
    }
    sb.append("Content-Length: ").append(GOODBYE.length()).append("\n\n").append(GOODBYE);
    write(s, sb.toString());
    s.closeGracefully();
  }

  private void connectReply(SimSession s) {
    SimChannel ch = channels.get(s.controlledUuid);
    if (ch == null) {
      reply(s, "-ERR no such channel");
      goodbye(s, s.controlledUuid);
      return;
    }
    s.connected = true;
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"Event-Name", "CHANNEL_DATA"});
    coreHeaders(h, "mod_event_socket.c", "parse_command");
    profileHeaders(h, "Channel", ch);
    channelHeaders(h, ch);
    StringBuilder sb = new StringBuilder();
    for (String[] kv : h) {
      sb.append(kv[0]).append(": ").append(FsUrlCodec.encode(kv[1])).append('\n');
    }
    sb.append("Content-Type: command/reply\nReply-Text: %2BOK%0A\nSocket-Mode: async\nControl: full\n\n");
    write(s, sb.toString());
  }

  // =================================================================== api

  private void api(SimSession s, String cmd) {
    String name = cmd.contains(" ") ? cmd.substring(0, cmd.indexOf(' ')) : cmd;
    String args = cmd.contains(" ") ? cmd.substring(cmd.indexOf(' ') + 1).strip() : "";
    if (name.equals("originate")) {
      s.blocked = true;
      originate(args, null, result -> {
        apiResponse(s, result);
        unblock(s);
      });
      return;
    }
    apiResponse(s, runApi(name, args));
  }

  private void bgapi(SimSession s, String cmd, String requestedJob) {
    String job = honourJobUuid && requestedJob != null && !requestedJob.isBlank()
        ? requestedJob.strip() : ids.get().toString();
    write(s, "Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + job + "\nJob-UUID: "
        + job + "\n\n");
    String name = cmd.contains(" ") ? cmd.substring(0, cmd.indexOf(' ')) : cmd;
    String args = cmd.contains(" ") ? cmd.substring(cmd.indexOf(' ') + 1).strip() : "";
    if (name.equals("originate")) {
      originate(args, job, result -> backgroundJob(job, name, args, result));
    } else {
      backgroundJob(job, name, args, runApi(name, args));
    }
  }

  private void backgroundJob(String job, String command, String args, String result) {
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"Event-Name", "BACKGROUND_JOB"});
    coreHeaders(h, "mod_event_socket.c", "api_exec");
    h.add(new String[] {"Job-UUID", job});
    h.add(new String[] {"Job-Command", command});
    h.add(new String[] {"Job-Command-Arg", args});
    broadcast(new SimEvent("BACKGROUND_JOB", null, h, result));
  }

  private String runApi(String name, String args) {
    String[] a = args.isEmpty() ? new String[0] : args.split("\\s+");
    switch (name) {
      case "status":
        return "UP 0 years, 0 days, 0 hours, 0 minutes, 1 second, 0 milliseconds, 0 microseconds\n"
            + "FreeSWITCH (ESL simulator, a Switchboard test and demo tool) is ready\n"
            + sessionsSinceStart + " session(s) since startup\n" + channels.size()
            + " session(s) - peak " + channels.size() + ", last 5min " + channels.size() + " \n"
            + "0 session(s) per Sec out of max 30, peak 0, last 5min 0 \n1000 session(s) max\n"
            + "min idle cpu 0.00/100.00\nCurrent Stack Size/Max 240K/8192K\n";
      case "show":
        if (args.startsWith("channels")) {
          return showChannels(args.endsWith("as json"));
        }
        return "-ERR the ESL simulator only shows channels\n";
      case "uuid_exists":
        return a.length > 0 && channels.containsKey(a[0]) ? "true" : "false";
      default:
        break;
    }
    if (!name.startsWith("uuid_")) {
      return "-ERR " + name + " Command not found!\n";
    }
    if (a.length == 0) {
      return "-USAGE: " + name + " <uuid> ...\n";
    }
    // uuid_hold's first argument may be off|toggle
    int u = name.equals("uuid_hold") && (a[0].equals("off") || a[0].equals("toggle")) ? 1 : 0;
    SimChannel ch = a.length > u ? channels.get(a[u]) : null;
    if (ch == null || ch.hungUp) {
      return "-ERR No such channel!\n";
    }
    switch (name) {
      case "uuid_getvar":
        if (a.length < 2) {
          return "-ERR No variable specified\n";
        }
        return ch.vars.getOrDefault(a[1], "_undef_");
      case "uuid_setvar":
        if (a.length < 2) {
          return "-ERR No variable specified\n";
        }
        if (a.length > 2) {
          ch.vars.put(a[1], args.substring(args.indexOf(a[1]) + a[1].length()).strip());
        } else {
          ch.vars.remove(a[1]);
        }
        return "+OK\n";
      case "uuid_kill":
        hangupChannel(ch, a.length > 1 ? a[1] : "NORMAL_CLEARING");
        return "+OK\n";
      case "uuid_break":
        breakMedia(ch, a.length > 1 && a[1].equals("all"));
        return "+OK\n";
      case "uuid_bridge": {
        SimChannel other = a.length > 1 ? channels.get(a[1]) : null;
        if (other == null || other.hungUp) {
          return "-ERR Invalid uuid " + (a.length > 1 ? a[1] : "") + "\n";
        }
        uuidBridge(ch, other);
        return "+OK " + other.uuid + "\n";
      }
      case "uuid_transfer": {
        int i = 1;
        if (i < a.length && a[i].startsWith("-")) {
          i++;
        }
        if (i >= a.length) {
          return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        }
        String dest = a[i];
        String context = a.length > i + 2 ? a[i + 2] : ch.context;
        transfer(ch, dest, context);
        return "+OK\n";
      }
      case "uuid_hold": {
        boolean off = a[0].equals("off");
        boolean toggle = a[0].equals("toggle");
        boolean hold = toggle ? !ch.held : !off;
        if (hold != ch.held) {
          ch.held = hold;
          fire(ch, hold ? "CHANNEL_HOLD" : "CHANNEL_UNHOLD");
        }
        return "+OK Success\n";
      }
      case "uuid_audio":
        if (a.length > 1 && a[1].equals("stop")) {
          ch.muted = false;
        } else if (a.length > 4 && a[3].equals("mute")) {
          ch.muted = !a[4].equals("0");
        }
        return "+OK Success\n";
      case "uuid_record":
        if (a.length < 3) {
          return "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>]\n";
        }
        if (a[1].equals("start")) {
          startRecording(ch, a[2], false, a.length > 3 ? parseInt(a[3], 0) : 0, null);
        } else if (a[1].equals("stop")) {
          if (ch.recordPath == null || ch.recordIsApp) {
            return "-ERR Cannot stop record session!\n";
          }
          stopRecording(ch, "success-maxtime");
        }
        return "+OK Success\n";
      case "uuid_broadcast": {
        if (a.length < 2) {
          return "-USAGE: <uuid> <path> [aleg|bleg|both]\n";
        }
        String leg = a.length > 2 ? a[2] : "aleg";
        String file = a[1];
        if (leg.equals("aleg") || leg.equals("both")) {
          // the channel's media thread picks the message up shortly after
          enqueueApp(ch, "playback", file, ids.get().toString());
        }
        if ((leg.equals("bleg") || leg.equals("both")) && ch.bridgedTo != null) {
          SimChannel other = channels.get(ch.bridgedTo);
          if (other != null) {
            enqueueApp(other, "playback", file, ids.get().toString());
          }
        }
        return "+OK Message sent\n";
      }
      case "uuid_send_dtmf": {
        if (a.length < 2) {
          return "-USAGE: <uuid> <dtmf_data>\n";
        }
        String digits = a[1];
        // sent towards the far end; on a loopback pair the far end is the partner leg
        SimChannel partner = ch.loopbackPartner == null ? null : channels.get(ch.loopbackPartner);
        if (partner != null) {
          sendDigits(partner, digits, 0);
        }
        return "+OK " + ch.uuid + " sent DTMF " + digits + ".\n";
      }
      default:
        return "-ERR " + name + " Command not found!\n";
    }
  }

  /** One digit every 20 ms, each scheduled by the previous so that they stay in order. */
  private void sendDigits(SimChannel ch, String digits, int index) {
    if (index >= digits.length()) {
      return;
    }
    later(Duration.ofMillis(20), () -> {
      if (!ch.hungUp) {
        dtmf(ch, String.valueOf(digits.charAt(index)));
        sendDigits(ch, digits, index + 1);
      }
    });
  }

  private String showChannels(boolean json) {
    if (channels.isEmpty()) {
      return json ? "{\"row_count\": 0}\n" : "\n0 total.\n";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("row_count", channels.size());
      g.writeArrayFieldStart("rows");
      for (SimChannel c : channels.values()) {
        g.writeStartObject();
        g.writeStringField("uuid", c.uuid);
        g.writeStringField("direction", c.direction);
        g.writeStringField("created", LOCAL.format(micros(c.createdMicros)));
        g.writeStringField("created_epoch", Long.toString(c.createdMicros / 1_000_000));
        g.writeStringField("name", c.name);
        g.writeStringField("state", c.state);
        g.writeStringField("cid_name", c.callerName);
        g.writeStringField("cid_num", c.callerNumber);
        g.writeStringField("ip_addr", "");
        g.writeStringField("dest", c.destination);
        g.writeStringField("application", c.current != null ? c.current.name() : c.parked ? "park" : "");
        g.writeStringField("application_data", c.current != null ? c.current.arg() : "");
        g.writeStringField("dialplan", "xml");
        g.writeStringField("context", c.context);
        g.writeStringField("hostname", settings.switchName());
        g.writeStringField("presence_id", "");
        g.writeStringField("presence_data", "");
        g.writeStringField("accountcode", "");
        g.writeStringField("callstate", c.callState);
        g.writeStringField("callee_name", c.calleeName);
        g.writeStringField("callee_num", c.calleeNumber);
        g.writeStringField("call_uuid", c.direction.equals("outbound") ? c.uuid : "");
        g.writeStringField("initial_cid_name", c.direction.equals("outbound") ? c.origName : "");
        g.writeStringField("initial_cid_num", c.origNumber);
        g.writeStringField("initial_dest", c.destination);
        g.writeStringField("initial_dialplan", "xml");
        g.writeStringField("initial_context", c.context);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8); // no trailing newline, like FreeSWITCH
  }

  // =================================================================== sendmsg

  private void sendmsg(SimSession s, String rest, EslMessage m) {
    String uuid = rest.isEmpty() ? s.controlledUuid : rest;
    SimChannel ch = uuid == null ? null : channels.get(uuid);
    if (ch == null || ch.hungUp) {
      reply(s, "-ERR invalid session id [" + (uuid == null ? "" : uuid) + "]");
      return;
    }
    String command = lower(m.header("call-command"));
    reply(s, "+OK");
    switch (command) {
      case "execute" -> {
        String app = nz(m.header("execute-app-name"));
        String arg = m.bodyLength() > 0 ? m.bodyText() : nz(m.header("execute-app-arg"));
        String appUuid = m.header("Event-UUID");
        String auuid = appUuid == null || appUuid.isBlank() ? ids.get().toString() : appUuid;
        int loops = parseInt(nz(m.header("loops")), 1);
        for (int i = 0; i < Math.max(1, loops); i++) {
          enqueueApp(ch, app, arg, auuid);
        }
      }
      case "hangup" -> {
        String cause = m.header("hangup-cause");
        later(Duration.ofMillis(20), () -> {
          if (!ch.hungUp) {
            hangupChannel(ch, cause == null || cause.isBlank() ? "NORMAL_CLEARING" : cause.strip());
          }
        });
      }
      case "unicast", "nomedia" -> { }
      default -> log.debug("ESL simulator: sendmsg call-command '{}' ignored", command);
    }
  }

  // =================================================================== applications

  /**
   * Queues an application; the channel picks it up about 20 ms later (as FreeSWITCH's media
   * thread does), always in the order queued.
   */
  private void enqueueApp(SimChannel ch, String app, String arg, String appUuid) {
    if (ch.hungUp) {
      return;
    }
    ch.queue.add(new SimChannel.App(app, arg, appUuid));
    if (ch.current == null && !ch.drainScheduled) {
      ch.drainScheduled = true;
      later(Duration.ofMillis(20), () -> {
        ch.drainScheduled = false;
        runNextApp(ch);
      });
    }
  }

  private void runNextApp(SimChannel ch) {
    while (ch.current == null && !ch.queue.isEmpty() && !ch.hungUp) {
      SimChannel.App app = ch.queue.poll();
      startApp(ch, app);
    }
  }

  private void startApp(SimChannel ch, SimChannel.App app) {
    ch.state = "CS_EXECUTE";
    ch.vars.put("current_application", app.name());
    if (!app.arg().isEmpty()) {
      ch.vars.put("current_application_data", app.arg());
    }
    switch (app.name()) {
      case "park" -> {
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        ch.parked = true;
        ch.parkAppUuid = app.uuid();
        fire(ch, "CHANNEL_PARK");
      }
      case "answer", "pre_answer", "ring_ready" -> {
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        if (app.name().equals("answer")) {
          answer(ch);
        }
        fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, "_none_");
      }
      case "set", "export" -> {
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        int eq = app.arg().indexOf('=');
        if (eq > 0) {
          ch.vars.put(app.arg().substring(0, eq), app.arg().substring(eq + 1));
        }
        fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, "_none_");
      }
      case "playback" -> playback(ch, app);
      case "speak" -> {
        ch.current = app;
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        String[] p = app.arg().split("\\|", 3);
        int chars = p.length == 3 ? p[2].length() : app.arg().length();
        Duration d = Duration.ofMillis(Math.max(500, chars * 60L));
        ch.currentTimer = later(d, () -> finishCurrent(ch, app, "_none_"));
      }
      case "record" -> {
        ch.current = app;
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        String[] p = app.arg().split("\\s+");
        startRecording(ch, p[0], true, p.length > 1 ? parseInt(p[1], 0) : 0, app);
      }
      case "bridge" -> {
        ch.current = app;
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        bridgeApp(ch, app);
      }
      case "eavesdrop" -> {
        SimChannel target = channels.get(app.arg().strip());
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        if (target == null || target.hungUp) {
          fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, "_none_");
          return;
        }
        ch.current = app;
        ch.eavesdropTarget = target.uuid;
      }
      case "hangup" -> {
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        hangupChannel(ch, app.arg().isBlank() ? "NORMAL_CLEARING" : app.arg().strip());
      }
      case "sleep" -> {
        ch.current = app;
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        ch.currentTimer = later(Duration.ofMillis(parseInt(app.arg(), 0)),
            () -> finishCurrent(ch, app, "_none_"));
      }
      default -> {
        fireApp(ch, "CHANNEL_EXECUTE", app, null);
        fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, "_none_");
      }
    }
  }

  private void finishCurrent(SimChannel ch, SimChannel.App app, String response) {
    if (ch.current != app || ch.hungUp) {
      return;
    }
    ch.current = null;
    ch.currentTimer = null;
    fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, response);
    runNextApp(ch);
  }

  private void playback(SimChannel ch, SimChannel.App app) {
    ch.current = app;
    fireApp(ch, "CHANNEL_EXECUTE", app, null);
    ch.playingFile = app.arg();
    ch.playbackStartMicros = nowMicros();
    fire(ch, "PLAYBACK_START", "Playback-File-Path", app.arg());
    if (app.arg().startsWith("local_stream://")) {
      return; // endless until broken
    }
    Duration d = playbackDurations.get(app.arg());
    if (d == null) {
      d = SimWav.length(app.arg()).orElse(defaultPlayback);
    }
    ch.currentTimer = later(d, () -> {
      if (ch.current == app && !ch.hungUp) {
        stopPlayback(ch, "done");
        finishCurrent(ch, app, "FILE PLAYED");
      }
    });
  }

  private void stopPlayback(SimChannel ch, String status) {
    if (ch.playingFile == null) {
      return;
    }
    long ms = (nowMicros() - ch.playbackStartMicros) / 1000;
    ch.vars.put("playback_ms", Long.toString(ms));
    ch.vars.put("playback_seconds", Long.toString(ms / 1000));
    ch.vars.put("playback_samples", Long.toString(ms * 8));
    fire(ch, "PLAYBACK_STOP", "Playback-File-Path", ch.playingFile, "Playback-Status", status);
    ch.playingFile = null;
  }

  /** uuid_break: stop the playing media; with all, also what is queued. */
  private void breakMedia(SimChannel ch, boolean all) {
    if (all) {
      ch.queue.clear();
    }
    SimChannel.App app = ch.current;
    if (app == null) {
      return;
    }
    later(Duration.ofMillis(20), () -> {
      if (ch.current != app || ch.hungUp) {
        return;
      }
      if (ch.currentTimer != null) {
        ch.currentTimer.cancel();
      }
      switch (app.name()) {
        case "playback" -> {
          stopPlayback(ch, "break");
          finishCurrent(ch, app, "FILE PLAYED");
        }
        case "record" -> stopRecording(ch, "success-break");
        case "eavesdrop" -> {
          ch.eavesdropTarget = null;
          finishCurrent(ch, app, "_none_");
        }
        case "bridge" -> { } // uuid_break does not end a bridge
        default -> finishCurrent(ch, app, "_none_");
      }
    });
  }

  private void startRecording(SimChannel ch, String path, boolean app, int limitSeconds,
      SimChannel.App recordApp) {
    if (ch.recordPath != null) {
      return;
    }
    ch.recordPath = path;
    ch.recordIsApp = app;
    ch.recordStartMicros = nowMicros();
    fire(ch, "RECORD_START", "Record-File-Path", path);
    if (limitSeconds > 0) {
      ch.recordTimer = later(Duration.ofSeconds(limitSeconds), () -> {
        if (path.equals(ch.recordPath) && !ch.hungUp) {
          stopRecording(ch, "success-maxtime");
        }
      });
    }
  }

  private void stopRecording(SimChannel ch, String cause) {
    String path = ch.recordPath;
    if (path == null) {
      return;
    }
    if (ch.recordTimer != null) {
      ch.recordTimer.cancel();
    }
    long ms = (nowMicros() - ch.recordStartMicros) / 1000;
    long size;
    try {
      size = SimWav.write(Path.of(path), ms);
    } catch (IOException | RuntimeException e) {
      log.warn("ESL simulator: cannot write the recording {}: {}", path, e.toString());
      size = 0;
    }
    ch.vars.put("record_file_size", Long.toString(size));
    ch.vars.put("record_samples", Long.toString(ms * 8));
    ch.vars.put("record_seconds", Long.toString(ms / 1000));
    ch.vars.put("record_ms", Long.toString(ms));
    ch.vars.put("record_completion_cause", cause);
    boolean app = ch.recordIsApp;
    ch.recordPath = null;
    ch.recordIsApp = false;
    fire(ch, "RECORD_STOP", "Record-File-Path", path, "Record-Completion-Cause", cause);
    if (app && ch.current != null && ch.current.name().equals("record")) {
      finishCurrent(ch, ch.current, "_none_");
    }
  }

  private void dtmf(SimChannel ch, String digit) {
    fire(ch, "DTMF", "DTMF-Digit", digit, "DTMF-Duration", "2000", "DTMF-Source", "UNKNOWN");
    // '#' ends a recording made by the record application (playback_terminators)
    if (digit.equals("#") && ch.recordIsApp && ch.recordPath != null) {
      stopRecording(ch, "success-terminator");
    }
  }

  private void answer(SimChannel ch) {
    if (ch.answered() || ch.hungUp) {
      return;
    }
    ch.answeredMicros = nowMicros();
    ch.answerState = "answered";
    ch.vars.put("endpoint_disposition", "ANSWER");
    fire(ch, "CHANNEL_ANSWER");
    ch.callState = "ACTIVE";
  }

  /** FreeSWITCH shows a dialed leg's callee as its caller id once it answers (README fact 9). */
  private void flipCallerId(SimChannel ch) {
    if (!ch.direction.equals("outbound")) {
      return;
    }
    String n = ch.calleeName;
    String num = ch.calleeNumber;
    ch.calleeName = ch.origName;
    ch.calleeNumber = ch.origNumber;
    ch.callerName = n;
    ch.callerNumber = num;
    ch.vars.put("channel_cid_flipped", "yes");
  }

  // =================================================================== dialplan

  private void runDialplanPark(SimChannel ch) {
    ch.state = "CS_EXECUTE";
    enqueueApp(ch, "park", "", ids.get().toString());
  }

  private void runSocketApp(SimChannel ch, String host, int port) {
    ch.state = "CS_EXECUTE";
    String target = host + ":" + port;
    SimChannel.App app = new SimChannel.App("socket", target + " async full", ids.get().toString());
    // like park, an async socket app lets queued applications run while it is in control
    ch.socketAppUuid = app.uuid();
    ch.socketTarget = target;
    ch.vars.put("current_application", "socket");
    ch.vars.put("current_application_data", app.arg());
    ch.vars.put("socket_host", host);
    fireApp(ch, "CHANNEL_EXECUTE", app, null);
    SocketConnector c = socketConnector;
    SimSession s = openSession(true);
    s.controlledUuid = ch.uuid;
    s.myeventsUuid = ch.uuid;
    ch.socketSession = s;
    c.connect(s, host, port);
  }

  private void transfer(SimChannel ch, String destination, String context) {
    leavePark(ch);
    if (ch.bridgedTo != null) {
      unbridge(ch, "NORMAL_CLEARING");
    }
    ch.destination = destination;
    ch.context = context;
    later(Duration.ofMillis(20), () -> runDialplanPark(ch));
  }

  private void leavePark(SimChannel ch) {
    if (!ch.parked) {
      return;
    }
    ch.parked = false;
    fire(ch, "CHANNEL_UNPARK");
    if (ch.parkAppUuid != null) {
      fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", new SimChannel.App("park", "", ch.parkAppUuid),
          ch.vars.getOrDefault("current_application_response", "_none_"));
      ch.parkAppUuid = null;
    }
  }

  // =================================================================== originate and bridges

  /** The parts of {@code originate {vars}dial &app(arg)} (or {@code dial extension}). */
  private record OriginateRequest(Map<String, String> vars, String dial, String app, String appArg) {}

  static List<String> splitArgs(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int braces = 0;
    for (char c : s.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == '{' && !quoted) {
        braces++;
      } else if (c == '}' && !quoted) {
        braces--;
      }
      if (c == ' ' && !quoted && braces == 0) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  /** Splits {@code {a=b,c='d e'}dial} into variables and dial string. */
  static Map.Entry<Map<String, String>, String> parseDial(String s) {
    Map<String, String> vars = new LinkedHashMap<>();
    String dial = s;
    if (s.startsWith("{")) {
      int close = -1;
      boolean quoted = false;
      for (int i = 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        } else if (c == '}' && !quoted) {
          close = i;
          break;
        }
      }
      if (close > 0) {
        String inner = s.substring(1, close);
        dial = s.substring(close + 1);
        StringBuilder cur = new StringBuilder();
        quoted = false;
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < inner.length(); i++) {
          char c = inner.charAt(i);
          if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == ',') {
            cur.append(',');
            i++;
            continue;
          }
          if (c == '\'') {
            quoted = !quoted;
            continue;
          }
          if (c == ',' && !quoted) {
            pairs.add(cur.toString());
            cur.setLength(0);
          } else {
            cur.append(c);
          }
        }
        pairs.add(cur.toString());
        for (String p : pairs) {
          int eq = p.indexOf('=');
          if (eq > 0) {
            vars.put(p.substring(0, eq), p.substring(eq + 1));
          }
        }
      }
    }
    return Map.entry(vars, dial);
  }

  private static OriginateRequest parseOriginate(String args) {
    List<String> a = splitArgs(args);
    if (a.isEmpty()) {
      return null;
    }
    Map.Entry<Map<String, String>, String> d = parseDial(a.get(0));
    String app = "park";
    String appArg = "";
    if (a.size() > 1) {
      String target = a.get(1);
      if (target.startsWith("&")) {
        String t = target.substring(1);
        int p = t.indexOf('(');
        if (p > 0 && t.endsWith(")")) {
          app = t.substring(0, p);
          appArg = t.substring(p + 1, t.length() - 1);
        } else {
          app = t;
        }
      } else {
        app = "transfer:" + target;
      }
    }
    return new OriginateRequest(d.getKey(), d.getValue(), app, appArg);
  }

  /**
   * Originates a leg; {@code done} gets the job/api result text ({@code +OK <uuid>\n} or
   * {@code -ERR <CAUSE>\n}) when the leg answered or failed.
   */
  private void originate(String args, String job, java.util.function.Consumer<String> done) {
    OriginateRequest r = parseOriginate(args);
    if (r == null || r.dial().isEmpty()) {
      done.accept("-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>]"
          + " [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n");
      return;
    }
    String dial = r.dial();
    if (dial.startsWith("error/")) {
      done.accept("-ERR " + dial.substring("error/".length()) + "\n");
      return;
    }
    if (dial.startsWith("loopback/")) {
      originateLoopback(r, job, args, done);
      return;
    }
    SimChannel ch = newOutboundLeg(r.vars(), dial, endpointUserPart(dial));
    ch.jobUuid = job;
    ch.jobArg = args;
    ch.originateApp = r.app();
    ch.originateAppArg = r.appArg();
    ringAndAnswer(ch, scriptFor(dial), timeoutOf(r.vars()), result -> {
      done.accept(result);
      if (result.startsWith("+OK")) {
        later(Duration.ZERO, () -> runOriginateApp(ch));
      }
    });
  }

  private Duration timeoutOf(Map<String, String> vars) {
    int t = parseInt(vars.getOrDefault("originate_timeout", ""), 60);
    return Duration.ofSeconds(t <= 0 ? 60 : t);
  }

  private static String endpointUserPart(String dial) {
    String last = dial.substring(dial.lastIndexOf('/') + 1);
    int at = last.indexOf('@');
    return at > 0 ? last.substring(0, at) : last;
  }

  private EndpointScript scriptFor(String dial) {
    EndpointScript exact = scripts.get(dial);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String p : scripts.keySet()) {
      if (p.endsWith("*") && dial.startsWith(p.substring(0, p.length() - 1))
          && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return best != null ? scripts.get(best) : defaultEndpoint;
  }

  private SimChannel newOutboundLeg(Map<String, String> vars, String name, String destination) {
    String uuid = vars.getOrDefault("origination_uuid", ids.get().toString());
    SimChannel ch = new SimChannel(uuid, name, "outbound",
        name.startsWith("loopback/") ? "mod_loopback" : "mod_sofia", nowMicros());
    ch.context = "default";
    ch.destination = destination;
    String cidName = vars.getOrDefault("origination_caller_id_name", "");
    String cidNum = vars.getOrDefault("origination_caller_id_number", "0000000000");
    ch.callerName = cidName;
    ch.callerNumber = cidNum;
    ch.origName = cidName;
    ch.origNumber = cidNum;
    ch.calleeName = "Outbound Call";
    ch.calleeNumber = destination;
    ch.ani = cidNum;
    ch.vars.put("direction", "outbound");
    ch.vars.put("is_outbound", "true");
    ch.vars.put("uuid", uuid);
    ch.vars.put("call_uuid", uuid);
    ch.vars.put("channel_name", name);
    ch.vars.putAll(vars);
    channels.put(uuid, ch);
    fire(ch, "CHANNEL_CREATE");
    return ch;
  }

  /** Runs the endpoint script on a dialed leg; {@code done} gets +OK or -ERR. */
  private void ringAndAnswer(SimChannel ch, EndpointScript script, Duration timeout,
      java.util.function.Consumer<String> done) {
    ch.state = "CS_ROUTING";
    Runnable noAnswer = () -> {
      if (!ch.hungUp && !ch.answered()) {
        failLeg(ch, "NO_ANSWER", done);
      }
    };
    if (script instanceof EndpointScript.RingForever) {
      ring(ch);
      ch.ringTimer = later(timeout, noAnswer);
      ch.jobResult = done;
      return;
    }
    Duration after = script instanceof EndpointScript.Answer a ? a.after()
        : ((EndpointScript.Reject) script).after();
    if (after.compareTo(timeout) >= 0) {
      ring(ch);
      ch.ringTimer = later(timeout, noAnswer);
      ch.jobResult = done;
      return;
    }
    if (!after.isZero()) {
      ring(ch);
    }
    ch.jobResult = done;
    ch.ringTimer = later(after, () -> {
      if (ch.hungUp) {
        return;
      }
      if (script instanceof EndpointScript.Reject rej) {
        failLeg(ch, rej.cause(), done);
      } else {
        pickUp(ch);
      }
    });
  }

  /** The far end of a ringing dialed leg answers: CHANNEL_ANSWER, the originate's +OK, the flip. */
  private void pickUp(SimChannel ch) {
    java.util.function.Consumer<String> done = ch.jobResult;
    if (ch.ringTimer != null) {
      ch.ringTimer.cancel();
    }
    if (ch.calleeNumber != null && !ch.name.startsWith("loopback/")) {
      ch.calleeName = ch.destination; // a SIP callee presents its number
    }
    answer(ch);
    ch.jobResult = null;
    if (done != null) {
      done.accept("+OK " + ch.uuid + "\n");
    }
    flipCallerId(ch);
  }

  /**
   * The far ends of ringing dialed legs pick up, in the order given, in one step: their events
   * follow each other with nothing in between (two phones answering at the same moment). A leg
   * that is not a ringing dialed leg (unknown, inbound, answered, hung up) is left alone.
   *
   * @return the legs that answered, in order
   */
  public synchronized List<String> answerRinging(List<String> uuids) {
    List<String> answered = new ArrayList<>();
    for (String uuid : uuids) {
      SimChannel ch = channels.get(uuid);
      if (ch == null || ch.hungUp || ch.answered() || ch.jobResult == null || !ch.direction.equals("outbound")) {
        continue;
      }
      pickUp(ch);
      answered.add(uuid);
    }
    return answered;
  }

  private void ring(SimChannel ch) {
    ch.callState = "RINGING";
    ch.progressMicros = nowMicros();
    fire(ch, "CHANNEL_PROGRESS");
  }

  private void failLeg(SimChannel ch, String cause, java.util.function.Consumer<String> done) {
    ch.jobResult = null;
    hangupChannel(ch, cause);
    done.accept("-ERR " + cause + "\n");
  }

  private void runOriginateApp(SimChannel ch) {
    if (ch.hungUp) {
      return;
    }
    String app = ch.originateApp == null ? "park" : ch.originateApp;
    if (app.startsWith("transfer:")) {
      ch.destination = app.substring("transfer:".length());
      runDialplanPark(ch);
      return;
    }
    ch.state = "CS_EXECUTE";
    enqueueApp(ch, app, ch.originateAppArg == null ? "" : ch.originateAppArg, ids.get().toString());
  }

  private void originateLoopback(OriginateRequest r, String job, String args,
      java.util.function.Consumer<String> done) {
    String[] parts = r.dial().split("/");
    String ext = parts.length > 1 ? parts[1] : "";
    String context = parts.length > 2 ? parts[2] : "default";
    SimChannel a = newOutboundLeg(r.vars(), "loopback/" + ext + "-a", ext);
    a.calleeNumber = context; // a loopback -a leg presents "Outbound Call" / <context>
    a.loopbackA = true;
    a.jobUuid = job;
    a.originateApp = r.app();
    a.originateAppArg = r.appArg();
    String bUuid = ids.get().toString();
    SimChannel b = new SimChannel(bUuid, "loopback/" + ext + "-b", "inbound", "mod_loopback",
        nowMicros());
    b.context = context;
    b.destination = ext;
    b.callerName = a.origName;
    b.callerNumber = a.origNumber;
    b.origName = a.origName;
    b.origNumber = a.origNumber;
    b.calleeName = "Outbound Call";
    b.calleeNumber = context;
    b.ani = a.origNumber;
    b.hitDialplan = true;
    b.vars.put("direction", "inbound");
    b.vars.put("uuid", bUuid);
    b.vars.put("call_uuid", bUuid);
    b.vars.put("channel_name", b.name);
    a.loopbackPartner = bUuid;
    b.loopbackPartner = a.uuid;
    a.vars.put("other_loopback_leg_uuid", bUuid);
    a.vars.put("loopback_leg", "A");
    b.vars.put("other_loopback_leg_uuid", a.uuid);
    b.vars.put("loopback_leg", "B");
    channels.put(bUuid, b);
    fire(b, "CHANNEL_CREATE");
    if (!context.equals("default") && !context.equals("public")) {
      later(Duration.ofMillis(20), () -> {
        hangupChannel(b, "NO_ROUTE_DESTINATION");
        if (!a.hungUp) {
          hangupChannel(a, "NO_ROUTE_DESTINATION");
        }
        done.accept("-ERR NO_ROUTE_DESTINATION\n");
      });
      return;
    }
    // the -b leg runs the test rig's extension: answer, park (which answers the -a leg too)
    later(Duration.ofMillis(20), () -> {
      if (b.hungUp || a.hungUp) {
        return;
      }
      b.state = "CS_EXECUTE";
      SimChannel.App ans = new SimChannel.App("answer", "", ids.get().toString());
      b.callState = "RINGING";
      fireApp(b, "CHANNEL_EXECUTE", ans, null);
      answer(a);
      answer(b);
      fireApp(b, "CHANNEL_EXECUTE_COMPLETE", ans, "_none_");
      enqueueApp(b, "park", "", ids.get().toString());
      later(Duration.ofMillis(20), () -> {
        if (a.hungUp) {
          return;
        }
        done.accept("+OK " + a.uuid + "\n");
        flipCallerId(a);
        runOriginateApp(a);
      });
    });
  }

  /** The bridge application: dial a B leg; connect the two when it answers. */
  private void bridgeApp(SimChannel a, SimChannel.App app) {
    Map.Entry<Map<String, String>, String> d = parseDial(app.arg().strip());
    String dial = d.getValue();
    if (dial.startsWith("error/")) {
      endBridgeApp(a, app, dial.substring("error/".length()));
      return;
    }
    SimChannel b = newOutboundLeg(d.getKey(), dial, endpointUserPart(dial));
    b.originatorUuid = a.uuid;
    ringAndAnswer(b, scriptFor(dial), timeoutOf(d.getKey()), result -> {
      if (result.startsWith("-ERR")) {
        endBridgeApp(a, app, result.substring(5).strip());
        return;
      }
      if (a.hungUp || a.current != app) {
        hangupChannel(b, "ORIGINATOR_CANCEL");
        return;
      }
      answer(a);
      connect(a, b, SimChannel.BridgeKind.BRIDGE_APP_A, SimChannel.BridgeKind.BRIDGE_APP_B);
    });
  }

  private void endBridgeApp(SimChannel a, SimChannel.App app, String cause) {
    a.vars.put("originate_disposition", cause);
    a.vars.put("DIALSTATUS", cause);
    finishCurrent(a, app, cause);
  }

  private void uuidBridge(SimChannel x, SimChannel y) {
    later(Duration.ofMillis(20), () -> {
      if (x.hungUp || y.hungUp) {
        return;
      }
      leavePark(x);
      leavePark(y);
      fireApp(x, "CHANNEL_EXECUTE", new SimChannel.App("uuid_bridge", y.uuid, null), null);
      fireApp(y, "CHANNEL_EXECUTE", new SimChannel.App("uuid_bridge", x.uuid, null), null);
      connect(x, y, SimChannel.BridgeKind.UUID_BRIDGE, SimChannel.BridgeKind.UUID_BRIDGE);
    });
  }

  private void connect(SimChannel a, SimChannel b, SimChannel.BridgeKind ka, SimChannel.BridgeKind kb) {
    a.bridgedTo = b.uuid;
    b.bridgedTo = a.uuid;
    a.bridgeKind = ka;
    b.bridgeKind = kb;
    a.bridgeSideA = true;
    b.bridgeSideA = false;
    long now = nowMicros();
    a.bridgedMicros = now;
    b.bridgedMicros = now;
    for (SimChannel c : List.of(a, b)) {
      SimChannel o = c == a ? b : a;
      c.vars.put("bridge_channel", o.name);
      c.vars.put("bridge_uuid", o.uuid);
      c.vars.put("signal_bond", o.uuid);
    }
    fire(a, "CHANNEL_BRIDGE", "Bridge-A-Unique-ID", a.uuid, "Bridge-B-Unique-ID", b.uuid);
  }

  /** Ends the bridge of {@code ch} (which is going away); decides what its partner does. */
  private void unbridge(SimChannel ch, String cause) {
    SimChannel other = channels.get(ch.bridgedTo);
    SimChannel a = ch.bridgeSideA ? ch : other;
    SimChannel b = ch.bridgeSideA ? other : ch;
    ch.bridgedTo = null;
    if (other == null) {
      return;
    }
    other.bridgedTo = null;
    other.vars.put("last_bridge_to", ch.uuid);
    other.vars.put("bridge_hangup_cause", cause);
    other.vars.put("last_bridge_hangup_cause", cause);
    if (a != null && b != null) {
      fire(a, "CHANNEL_UNBRIDGE", "Bridge-A-Unique-ID", a.uuid, "Bridge-B-Unique-ID", b.uuid);
    }
    if (other.hungUp) {
      return;
    }
    if ("true".equals(other.vars.get("park_after_bridge"))) {
      other.parked = true;
      other.parkAppUuid = null;
      fire(other, "CHANNEL_PARK");
    } else if (other.bridgeKind == SimChannel.BridgeKind.BRIDGE_APP_A) {
      SimChannel.App app = other.current;
      if (app != null && app.name().equals("bridge")) {
        finishCurrent(other, app, "_none_");
      }
      if ("true".equals(other.vars.get("hangup_after_bridge"))) {
        hangupChannel(other, "NORMAL_CLEARING");
      }
    } else {
      hangupChannel(other, "NORMAL_CLEARING");
    }
  }

  // =================================================================== hangup

  private void hangupChannel(SimChannel ch, String cause) {
    if (ch.hungUp) {
      return;
    }
    ch.hungUp = true;
    ch.hangupCause = cause;
    ch.hangupMicros = nowMicros();
    ch.answerState = "hangup";
    if (ch.ringTimer != null) {
      ch.ringTimer.cancel();
    }
    if (ch.currentTimer != null) {
      ch.currentTimer.cancel();
    }
    ch.vars.put("hangup_cause", cause);
    fire(ch, "CHANNEL_HANGUP", "Hangup-Cause", cause);
    if (ch.playingFile != null) {
      stopPlayback(ch, "break");
    }
    if (ch.recordPath != null) {
      stopRecordingOnHangup(ch);
    }
    if (ch.current != null && !ch.current.name().equals("socket")) {
      SimChannel.App app = ch.current;
      ch.current = null;
      fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, "_none_");
    }
    if (ch.parked) {
      ch.parked = false;
      fire(ch, "CHANNEL_UNPARK", "Hangup-Cause", cause);
      if (ch.parkAppUuid != null) {
        fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", new SimChannel.App("park", "", ch.parkAppUuid),
            ch.vars.getOrDefault("current_application_response", "_none_"));
      }
    }
    if (ch.bridgedTo != null) {
      unbridge(ch, cause);
    }
    for (SimChannel other : List.copyOf(channels.values())) {
      if (ch.uuid.equals(other.eavesdropTarget) && !other.hungUp && other.current != null) {
        other.eavesdropTarget = null;
        finishCurrent(other, other.current, "_none_");
      }
      if (ch.uuid.equals(other.originatorUuid) && !other.hungUp && !other.answered()) {
        hangupChannel(other, "ORIGINATOR_CANCEL");
      }
    }
    SimChannel partner = ch.loopbackPartner == null ? null : channels.get(ch.loopbackPartner);
    if (partner != null && !partner.hungUp) {
      hangupChannel(partner, cause);
    }
    ch.state = "CS_REPORTING";
    ch.callState = "HANGUP";
    if (ch.jobResult != null) {
      java.util.function.Consumer<String> r = ch.jobResult;
      ch.jobResult = null;
      r.accept("-ERR " + cause + "\n");
    }
    fireHangupComplete(ch, cause);
    if (ch.socketSession != null) {
      socketHangup(ch);
    } else {
      destroy(ch);
    }
  }

  private void stopRecordingOnHangup(SimChannel ch) {
    SimChannel.App app = ch.recordIsApp ? ch.current : null;
    stopRecording(ch, "success-hangup");
    if (app != null && ch.current == app) {
      ch.current = null;
      fireApp(ch, "CHANNEL_EXECUTE_COMPLETE", app, "_none_");
    }
  }

  private void fireHangupComplete(SimChannel ch, String cause) {
    long end = ch.hangupMicros;
    long billMs = ch.answered() ? (end - ch.answeredMicros) / 1000 : 0;
    ch.vars.put("hangup_cause_q850", Integer.toString(q850(cause)));
    ch.vars.put("start_uepoch", Long.toString(ch.createdMicros));
    ch.vars.put("answer_uepoch", Long.toString(ch.answeredMicros));
    ch.vars.put("end_uepoch", Long.toString(end));
    ch.vars.put("duration", Long.toString((end - ch.createdMicros) / 1_000_000));
    ch.vars.put("billsec", Long.toString(billMs / 1000));
    ch.vars.put("billmsec", Long.toString(billMs));
    // FreeSWITCH repeats Hangup-Cause in this event (a duplicate JSON key): kept as is
    fire(ch, "CHANNEL_HANGUP_COMPLETE", "Hangup-Cause", cause, "Hangup-Cause", cause);
  }

  private void destroy(SimChannel ch) {
    if (channels.remove(ch.uuid) != null) {
      fire(ch, "CHANNEL_DESTROY", "Hangup-Cause", ch.hangupCause == null ? "NORMAL_CLEARING"
          : ch.hangupCause);
    }
  }

  private void socketHangup(SimChannel ch) {
    SimSession s = ch.socketSession;
    ch.socketSession = null;
    if (ch.socketAppUuid != null) {
      fireApp(ch, "CHANNEL_EXECUTE_COMPLETE",
          new SimChannel.App("socket", ch.socketTarget + " async full", ch.socketAppUuid), "_none_");
    }
    if (s.closing || !sessions.contains(s)) {
      destroy(ch);
      return;
    }
    Integer linger = s.lingerSeconds;
    if (linger == null) {
      goodbye(s, ch.uuid);
      return; // destroyed when the session has closed
    }
    write(s, "Content-Type: text/disconnect-notice\nControlled-Session-UUID: " + ch.uuid
        + "\nContent-Disposition: linger\nChannel-Name: " + ch.name + "\nLinger-Time: "
        + (linger == 0 ? "-1" : linger) + "\nContent-Length: 0\n\n");
    if (linger > 0) {
      later(Duration.ofSeconds(linger), () -> {
        if (!s.closing) {
          goodbye(s, ch.uuid);
        }
      });
    }
  }

  private static int q850(String cause) {
    return switch (cause) {
      case "UNALLOCATED_NUMBER" -> 1;
      case "NO_ROUTE_DESTINATION" -> 3;
      case "NORMAL_CLEARING" -> 16;
      case "USER_BUSY" -> 17;
      case "NO_USER_RESPONSE" -> 18;
      case "NO_ANSWER" -> 19;
      case "SUBSCRIBER_ABSENT" -> 20;
      case "CALL_REJECTED" -> 21;
      case "DESTINATION_OUT_OF_ORDER" -> 27;
      case "NORMAL_TEMPORARY_FAILURE" -> 41;
      case "ORIGINATOR_CANCEL" -> 487;
      default -> 0;
    };
  }

  // =================================================================== events

  /** One event: its headers in FreeSWITCH's order and its own body; serialised lazily. */
  static final class SimEvent {
    final String name;
    final String uuid;
    final List<String[]> headers;
    final String body;
    private byte[] plain;
    private byte[] json;

    SimEvent(String name, String uuid, List<String[]> headers, String body) {
      this.name = name;
      this.uuid = uuid;
      this.headers = headers;
      this.body = body;
    }

    String get(String header) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(header)) {
          return h[1];
        }
      }
      return null;
    }

    byte[] plain() {
      if (plain == null) {
        StringBuilder sb = new StringBuilder(4096);
        for (String[] h : headers) {
          sb.append(h[0]).append(": ").append(FsUrlCodec.encode(h[1])).append('\n');
        }
        if (body != null && !body.isEmpty()) {
          sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length)
              .append("\n\n").append(body);
        } else {
          sb.append('\n');
        }
        plain = envelope("text/event-plain", sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      return plain;
    }

    byte[] json() {
      if (json == null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.writeStartObject();
          for (String[] h : headers) {
            g.writeStringField(h[0], h[1]);
          }
          if (body != null && !body.isEmpty()) {
            g.writeStringField("Content-Length",
                Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
            g.writeStringField("_body", body);
          }
          g.writeEndObject();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        json = envelope("text/event-json", out.toByteArray());
      }
      return json;
    }

    private static byte[] envelope(String type, byte[] body) {
      byte[] head = ("Content-Length: " + body.length + "\nContent-Type: " + type + "\n\n")
          .getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[head.length + body.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      return all;
    }
  }

  private void fire(SimChannel ch, String name, String... extra) {
    List<String[]> h = new ArrayList<>(160);
    h.add(new String[] {"Event-Name", name});
    coreHeaders(h, "switch_channel.c", "switch_channel_perform_" + name.toLowerCase(Locale.ROOT));
    channelHeaders(h, ch);
    for (int i = 0; i + 1 < extra.length; i += 2) {
      h.add(new String[] {extra[i], extra[i + 1]});
    }
    broadcast(new SimEvent(name, ch.uuid, h, null));
  }

  private void fireApp(SimChannel ch, String name, SimChannel.App app, String response) {
    List<String> extra = new ArrayList<>();
    if (ch.hungUp && ch.hangupCause != null) {
      extra.add("Hangup-Cause");
      extra.add(ch.hangupCause);
    }
    extra.add("Application");
    extra.add(app.name());
    if (!app.arg().isEmpty()) {
      extra.add("Application-Data");
      extra.add(app.arg());
    }
    if (response != null) {
      extra.add("Application-Response");
      extra.add(response);
      ch.vars.put("current_application_response", response);
    }
    if (app.uuid() != null) {
      extra.add("Application-UUID");
      extra.add(app.uuid());
    }
    fire(ch, name, extra.toArray(String[]::new));
  }

  private void coreHeaders(List<String[]> h, String file, String function) {
    long micros = nowMicros();
    Instant t = micros(micros);
    h.add(new String[] {"Core-UUID", coreUuid});
    h.add(new String[] {"FreeSWITCH-Hostname", settings.switchName()});
    h.add(new String[] {"FreeSWITCH-Switchname", settings.switchName()});
    h.add(new String[] {"FreeSWITCH-IPv4", "127.0.0.1"});
    h.add(new String[] {"FreeSWITCH-IPv6", "::1"});
    h.add(new String[] {"Event-Date-Local", LOCAL.format(t)});
    h.add(new String[] {"Event-Date-GMT", GMT.format(t)});
    h.add(new String[] {"Event-Date-Timestamp", Long.toString(micros)});
    h.add(new String[] {"Event-Calling-File", file});
    h.add(new String[] {"Event-Calling-Function", function});
    h.add(new String[] {"Event-Calling-Line-Number", "1"});
    h.add(new String[] {"Event-Sequence", Long.toString(++sequence)});
  }

  private void channelHeaders(List<String[]> h, SimChannel ch) {
    h.add(new String[] {"Channel-State", ch.state});
    h.add(new String[] {"Channel-Call-State", ch.callState});
    h.add(new String[] {"Channel-State-Number", Integer.toString(stateNumber(ch.state))});
    h.add(new String[] {"Channel-Name", ch.name});
    h.add(new String[] {"Unique-ID", ch.uuid});
    h.add(new String[] {"Call-Direction", ch.direction});
    h.add(new String[] {"Presence-Call-Direction", ch.direction});
    h.add(new String[] {"Channel-HIT-Dialplan", Boolean.toString(ch.hitDialplan)});
    h.add(new String[] {"Channel-Call-UUID", ch.uuid});
    h.add(new String[] {"Answer-State", ch.answerState});
    h.add(new String[] {"Channel-Read-Codec-Name", "L16"});
    h.add(new String[] {"Channel-Read-Codec-Rate", "8000"});
    h.add(new String[] {"Channel-Write-Codec-Name", "L16"});
    h.add(new String[] {"Channel-Write-Codec-Rate", "8000"});
    profileHeaders(h, "Caller", ch);
    SimChannel other = ch.bridgedTo == null ? null : channels.get(ch.bridgedTo);
    if (other != null) {
      h.add(new String[] {"Other-Type", ch.bridgeSideA ? "originatee" : "originator"});
      h.add(new String[] {"Other-Leg-Direction", other.direction});
      h.add(new String[] {"Other-Leg-Caller-ID-Name", other.callerName});
      h.add(new String[] {"Other-Leg-Caller-ID-Number", other.callerNumber});
      h.add(new String[] {"Other-Leg-Destination-Number", other.destination});
      h.add(new String[] {"Other-Leg-Unique-ID", other.uuid});
      h.add(new String[] {"Other-Leg-Channel-Name", other.name});
    }
    for (Map.Entry<String, String> v : ch.vars.entrySet()) {
      h.add(new String[] {"variable_" + v.getKey(), v.getValue()});
    }
  }

  private static void profileHeaders(List<String[]> h, String prefix, SimChannel ch) {
    h.add(new String[] {prefix + "-Direction", ch.direction});
    h.add(new String[] {prefix + "-Logical-Direction", ch.direction});
    h.add(new String[] {prefix + "-Dialplan", "xml"});
    h.add(new String[] {prefix + "-Caller-ID-Name", ch.callerName});
    h.add(new String[] {prefix + "-Caller-ID-Number", ch.callerNumber});
    h.add(new String[] {prefix + "-Orig-Caller-ID-Name", ch.origName});
    h.add(new String[] {prefix + "-Orig-Caller-ID-Number", ch.origNumber});
    h.add(new String[] {prefix + "-Callee-ID-Name", nz(ch.calleeName)});
    h.add(new String[] {prefix + "-Callee-ID-Number", nz(ch.calleeNumber)});
    h.add(new String[] {prefix + "-ANI", nz(ch.ani)});
    h.add(new String[] {prefix + "-Destination-Number", ch.destination});
    h.add(new String[] {prefix + "-Unique-ID", ch.uuid});
    h.add(new String[] {prefix + "-Source", ch.source});
    h.add(new String[] {prefix + "-Context", ch.context});
    h.add(new String[] {prefix + "-Channel-Name", ch.name});
    h.add(new String[] {prefix + "-Profile-Index", "1"});
    h.add(new String[] {prefix + "-Channel-Created-Time", Long.toString(ch.createdMicros)});
    h.add(new String[] {prefix + "-Channel-Answered-Time", Long.toString(ch.answeredMicros)});
    h.add(new String[] {prefix + "-Channel-Progress-Time", Long.toString(ch.progressMicros)});
    h.add(new String[] {prefix + "-Channel-Hangup-Time", Long.toString(ch.hangupMicros)});
    h.add(new String[] {prefix + "-Channel-Bridged-Time", Long.toString(ch.bridgedMicros)});
  }

  private static int stateNumber(String state) {
    return switch (state) {
      case "CS_NEW" -> 0;
      case "CS_INIT" -> 1;
      case "CS_ROUTING" -> 2;
      case "CS_SOFT_EXECUTE" -> 3;
      case "CS_EXECUTE" -> 4;
      case "CS_EXCHANGE_MEDIA" -> 5;
      case "CS_PARK" -> 6;
      case "CS_CONSUME_MEDIA" -> 7;
      case "CS_HIBERNATE" -> 8;
      case "CS_RESET" -> 9;
      case "CS_HANGUP" -> 10;
      case "CS_REPORTING" -> 11;
      case "CS_DESTROY" -> 12;
      default -> 0;
    };
  }

  private void broadcast(SimEvent e) {
    for (SimSession s : List.copyOf(sessions)) {
      if (s.format == null || s.closing || !wants(s, e)) {
        continue;
      }
      write(s, s.format.equals("json") ? e.json() : e.plain());
    }
  }

  private static boolean wants(SimSession s, SimEvent e) {
    boolean subscribed = s.allEvents || s.events.contains(e.name)
        || (s.myevents && MYEVENTS.contains(e.name));
    if (!subscribed) {
      return false;
    }
    if (s.myevents && s.myeventsUuid != null && !s.myeventsUuid.equals(e.uuid)) {
      return false;
    }
    if (s.filters.isEmpty()) {
      return true;
    }
    for (String[] f : s.filters) {
      if (f[1].equals(e.get(f[0]))) {
        return true;
      }
    }
    return false;
  }

  // =================================================================== helpers

  private Cancellable later(Duration d, Runnable r) {
    return system.scheduler().scheduleOnce(d, () -> {
      synchronized (this) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.error("ESL simulator: a scheduled action failed", e);
        }
      }
    }, system.executionContext());
  }

  private long nowMicros() {
    Instant t = settings.clock().instant();
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private static Instant micros(long m) {
    return Instant.ofEpochSecond(m / 1_000_000, (m % 1_000_000) * 1000);
  }

  private static int parseInt(String s, int dflt) {
    try {
      return Integer.parseInt(s.strip());
    } catch (RuntimeException e) {
      return dflt;
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String lower(String s) {
    return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
  }
}
