package io.switchboard.media.esl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: reads one of the shared FreeSWITCH wire captures (see esl/README.md) from the
 * module's test resources. Record lines give exact byte counts; one separator '\n' follows the
 * bytes of each record.
 */
public final class Transcript {

  public static final List<String> FILES = List.of(
      "inbound-auth-and-api.txt",
      "inbound-bridge.txt",
      "inbound-events-json.txt",
      "inbound-events-plain.txt",
      "inbound-sendmsg.txt",
      "inbound-sip-call.txt",
      "music-on-hold.txt",
      "originate-failure.txt",
      "outbound-socket.txt");

  /** One record: bytes the client sent or one complete message it received. */
  public record Record(String connection, boolean received, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final Pattern RECORD =
      Pattern.compile("^(<<< RECEIVED|>>> SENT) (\\d+) bytes \\[(\\w+)\\] at \\+[\\d.]+s$");

  private final String name;
  private final List<Record> records;
  private final List<String> closedByFreeSwitch;

  private Transcript(String name, List<Record> records, List<String> closedByFreeSwitch) {
    this.name = name;
    this.records = records;
    this.closedByFreeSwitch = closedByFreeSwitch;
  }

  /** True if the capture says FreeSWITCH closed this connection (EOF), not the client. */
  public boolean closedByFreeSwitch(String connection) {
    return closedByFreeSwitch.contains(connection);
  }

  public static Transcript load(String file) {
    try (InputStream in = Transcript.class.getResourceAsStream("/esl/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource esl/" + file);
      }
      return parse(file, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Transcript parse(String name, byte[] data) {
    List<Record> out = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    Pattern end = Pattern.compile("^=== END (\\w+): closed by FreeSWITCH.*");
    int i = 0;
    while (i < data.length) {
      int nl = indexOf(data, (byte) '\n', i);
      if (nl < 0) {
        nl = data.length;
      }
      String line = new String(data, i, nl - i, StandardCharsets.UTF_8);
      i = nl + 1;
      Matcher e = end.matcher(line);
      if (e.matches()) {
        closed.add(e.group(1));
      }
      Matcher m = RECORD.matcher(line);
      if (m.matches()) {
        int n = Integer.parseInt(m.group(2));
        byte[] bytes = new byte[n];
        System.arraycopy(data, i, bytes, 0, n);
        i += n;
        if (i < data.length) {
          if (data[i] != '\n') {
            throw new IllegalStateException(name + ": missing separator after a record at " + i);
          }
          i++;
        }
        out.add(new Record(m.group(3), m.group(1).startsWith("<<<"), bytes));
      }
    }
    return new Transcript(name, List.copyOf(out), List.copyOf(closed));
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  public String name() {
    return name;
  }

  public List<Record> records() {
    return records;
  }

  /** RECEIVED records grouped by connection id, in order. */
  public Map<String, List<byte[]>> receivedByConnection() {
    Map<String, List<byte[]>> out = new LinkedHashMap<>();
    for (Record r : records) {
      if (r.received()) {
        out.computeIfAbsent(r.connection(), k -> new ArrayList<>()).add(r.bytes());
      }
    }
    return out;
  }

  public List<Record> sent() {
    return records.stream().filter(r -> !r.received()).toList();
  }

  public List<EslMessage> receivedMessages() {
    List<EslMessage> out = new ArrayList<>();
    for (Record r : records) {
      if (r.received()) {
        out.addAll(EslFrameDecoder.forReplies().decode(r.bytes()));
      }
    }
    return out;
  }

  public List<EslEvent> events() {
    return receivedMessages().stream()
        .filter(EslEventParser::isEvent)
        .map(EslEventParser::parse)
        .toList();
  }

  public static byte[] concat(List<byte[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
