package io.switchboard.media.it;

import io.switchboard.media.esl.EslEvent;
import io.switchboard.media.esl.EslEventParser;
import io.switchboard.media.esl.EslFrameDecoder;
import io.switchboard.media.esl.EslMessage;
import io.switchboard.media.esl.Transcript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: plays the client side of a real capture against the simulator and records what it
 * answers, so a test can compare the two. Before each command it waits (with a deadline) until
 * the simulator has sent as many messages as FreeSWITCH had at that point: the count is the
 * synchronisation, and a wrong count fails the test. A plain blocking socket: test code only.
 */
final class TranscriptReplay {

  static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Messages of one side, and the channel uuids in order of first appearance in events. */
  record Side(List<EslMessage> messages) {
    List<EslEvent> events() {
      return messages.stream().filter(EslEventParser::isEvent).map(EslEventParser::parse).toList();
    }

    List<String> channelsInOrder() {
      List<String> out = new ArrayList<>();
      for (EslEvent e : events()) {
        String u = e.get("Unique-ID");
        if (u != null && !out.contains(u)) {
          out.add(u);
        }
      }
      return out;
    }

    /** Event names per channel, channels numbered by first appearance. */
    Map<Integer, List<String>> eventsPerChannel() {
      List<String> order = channelsInOrder();
      Map<Integer, List<String>> out = new LinkedHashMap<>();
      for (EslEvent e : events()) {
        String u = e.get("Unique-ID");
        if (u != null) {
          out.computeIfAbsent(order.indexOf(u), k -> new ArrayList<>()).add(e.name());
        }
      }
      return out;
    }

    /** Non-event messages: content type and reply text or body, uuids replaced by a token. */
    List<String> replies() {
      List<String> out = new ArrayList<>();
      for (EslMessage m : messages) {
        if (EslEventParser.isEvent(m)) {
          continue;
        }
        String t = m.contentType() + " | " + (m.header("Reply-Text") != null
            ? m.header("Reply-Text") : m.bodyText());
        out.add(UUID.matcher(t).replaceAll("<uuid>"));
      }
      return out;
    }

    List<String> backgroundJobBodies() {
      return events().stream().filter(e -> e.name().equals("BACKGROUND_JOB"))
          .map(e -> UUID.matcher(e.body()).replaceAll("<uuid>")).toList();
    }
  }

  record Result(Side expected, Side actual, boolean closedByServer) {}

  private TranscriptReplay() {}

  /**
   * Replays connection {@code connection} of {@code file} against 127.0.0.1:{@code port}.
   * {@code beforeSend} runs before the n-th command (0-based) is sent (to script the simulator).
   */
  static Result replay(String file, String connection, int port,
      Map<Integer, Consumer<Map<String, String>>> beforeSend) {
    return replay(file, connection, port, beforeSend, Map.of());
  }

  /**
   * As above; {@code fewerAfterSend} says that after the n-th command the simulator
   * legitimately sends that many fewer messages (a channel FreeSWITCH created that it does not).
   */
  static Result replay(String file, String connection, int port,
      Map<Integer, Consumer<Map<String, String>>> beforeSend, Map<Integer, Integer> fewerAfterSend) {
    Transcript t = Transcript.load(file);
    boolean expectClose = t.closedByFreeSwitch(connection);
    List<Transcript.Record> records = t.records().stream()
        .filter(r -> r.connection().equals(connection)).toList();
    List<EslMessage> expected = new ArrayList<>();
    List<EslMessage> actual = new ArrayList<>();
    Map<String, String> substitutions = new LinkedHashMap<>();
    boolean closed;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(200);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      EslFrameDecoder decoder = EslFrameDecoder.forReplies();
      int sentIndex = 0;
      int expectedSoFar = 0;
      int fewer = 0;
      for (Transcript.Record r : records) {
        if (r.received()) {
          expected.addAll(EslFrameDecoder.forReplies().decode(r.bytes()));
          expectedSoFar = expected.size();
          continue;
        }
        readUntil(in, decoder, actual, expectedSoFar - fewer);
        learn(expected, actual, substitutions);
        Consumer<Map<String, String>> hook = beforeSend.get(sentIndex);
        if (hook != null) {
          hook.accept(substitutions);
        }
        String text = r.text();
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
          text = text.replace(s.getKey(), s.getValue());
        }
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        fewer += fewerAfterSend.getOrDefault(sentIndex, 0);
        sentIndex++;
      }
      closed = readUntil(in, decoder, actual, expected.size() - fewer);
      if (expectClose && !closed) {
        closed = readUntil(in, decoder, actual, Integer.MAX_VALUE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(new Side(expected), new Side(actual), closed);
  }

  /** The B-leg uuid the client learned with uuid_getvar: same position, uuid bodies. */
  private static void learn(List<EslMessage> expected, List<EslMessage> actual,
      Map<String, String> substitutions) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      EslMessage e = expected.get(i);
      EslMessage a = actual.get(i);
      if (e.contentType().equals("api/response") && a.contentType().equals("api/response")) {
        Matcher me = UUID.matcher(e.bodyText());
        Matcher ma = UUID.matcher(a.bodyText());
        if (me.matches() && ma.matches()) {
          substitutions.put(me.group(), ma.group());
        }
      }
    }
  }

  /** Reads until {@code count} messages were received; true if the server closed the socket. */
  private static boolean readUntil(InputStream in, EslFrameDecoder decoder, List<EslMessage> got,
      int count) throws IOException {
    long deadline = System.nanoTime() + EventLog.TIMEOUT.toNanos();
    byte[] buf = new byte[65536];
    while (got.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the simulator sent " + got.size() + " messages where FreeSWITCH"
            + " had sent " + count + "; last: " + (got.isEmpty() ? "-" : got.get(got.size() - 1)));
      }
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (n < 0) {
        decoder.finish();
        return true;
      }
      decoder.decode(buf, 0, n, got::add);
    }
    return false;
  }
}
