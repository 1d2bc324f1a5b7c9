package io.switchboard.media.esl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental ESL frame decoder: an explicit two-state machine (header block, then body).
 *
 * <p>Feed it bytes as they arrive, cut anywhere; it emits each complete {@link EslMessage}. A
 * header block is lines of {@code Name: value} ended by an empty line; if and only if it has a
 * {@code Content-Length} header, exactly that many body bytes follow. Bodies are counted in bytes
 * and never read as lines (many end without a newline).
 *
 * <p>Memory is bounded: a header block larger than {@code maxHeaderBytes} or a declared body
 * larger than {@code maxBodyBytes} is a protocol error, as are a malformed length, a header line
 * without a colon (garbage) and a stream that ends in the middle of a message ({@link #finish()}).
 * After an error the decoder is unusable: ESL cannot resynchronise, the connection must close.
 *
 * <p>In {@link Mode#COMMANDS} (used by the simulator, which reads what clients send) the first
 * line of each block is the command ({@code api status}, {@code sendmsg <uuid>}), and a trailing
 * {@code \r} on lines is tolerated so that a person can type commands with telnet.
 *
 * <p>Not thread-safe: one decoder per connection, used by one stream stage.
 */
public final class EslFrameDecoder {

  /** What the decoder reads. */
  public enum Mode {
    /** Messages FreeSWITCH sends: header lines only. */
    REPLIES,
    /** Commands a client sends: a command line, then optional header lines. */
    COMMANDS
  }

  public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final Mode mode;
  private final int maxHeaderBytes;
  private final int maxBodyBytes;

  private byte[] buf = new byte[8192];
  private int start; // first unconsumed byte
  private int end; // one past the last buffered byte
  private int scan; // where the search for the end of the header block resumes
  private int lineStart; // start of the line being scanned

  private EslHeaders pendingHeaders; // non-null while waiting for a body
  private String pendingCommand;
  private int pendingBodyLength;
  private boolean failed;

  public EslFrameDecoder(Mode mode, int maxHeaderBytes, int maxBodyBytes) {
    if (maxHeaderBytes < 64 || maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxHeaderBytes must be >= 64 and maxBodyBytes >= 0");
    }
    this.mode = mode;
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  public static EslFrameDecoder forReplies() {
    return new EslFrameDecoder(Mode.REPLIES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES);
  }

  public static EslFrameDecoder forCommands() {
    return new EslFrameDecoder(Mode.COMMANDS, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES);
  }

  /** Decodes the given bytes; returns the messages they complete (possibly none). */
  public List<EslMessage> decode(byte[] data) {
    List<EslMessage> out = new ArrayList<>(2);
    decode(data, 0, data.length, out::add);
    return out;
  }

  /** Decodes {@code len} bytes of {@code data} from {@code off}, emitting complete messages. */
  public void decode(byte[] data, int off, int len, Consumer<EslMessage> out) {
    if (failed) {
      throw new EslProtocolException("decoder already failed; the connection must be closed");
    }
    append(data, off, len);
    drain(out);
  }

  /** Decodes the remaining bytes of {@code data} (consumed), emitting complete messages. */
  public void decode(java.nio.ByteBuffer data, Consumer<EslMessage> out) {
    if (failed) {
      throw new EslProtocolException("decoder already failed; the connection must be closed");
    }
    int len = data.remaining();
    ensureRoom(len);
    data.get(buf, end, len);
    end += len;
    drain(out);
  }

  private void drain(Consumer<EslMessage> out) {
    try {
      while (true) {
        if (pendingHeaders != null) {
          if (end - start < pendingBodyLength) {
            return;
          }
          byte[] body = new byte[pendingBodyLength];
          System.arraycopy(buf, start, body, 0, pendingBodyLength);
          start += pendingBodyLength;
          EslMessage m = new EslMessage(pendingCommand, pendingHeaders, body);
          pendingHeaders = null;
          pendingCommand = null;
          resetScan();
          out.accept(m);
          continue;
        }
        int blockEnd = findEndOfHeaderBlock();
        if (blockEnd < 0) {
          if (end - start > maxHeaderBytes) {
            throw fail("header block exceeds " + maxHeaderBytes + " bytes without an empty line"
                + " (not ESL, or a peer that never ends its headers)");
          }
          compact();
          return;
        }
        parseHeaderBlock(blockEnd, out);
      }
    } catch (EslProtocolException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Call when the stream ended. Throws if a message was cut short; the caller reports that as a
   * protocol error (a truncated body or header block).
   */
  public void finish() {
    if (failed) {
      return;
    }
    if (pendingHeaders != null) {
      failed = true;
      throw new EslProtocolException("connection closed in the middle of a message body: got "
          + (end - start) + " of " + pendingBodyLength + " bytes announced by Content-Length");
    }
    if (hasNonBlankBytes()) {
      failed = true;
      throw new EslProtocolException("connection closed in the middle of a header block ("
          + (end - start) + " bytes without the terminating empty line)");
    }
  }

  /** Bytes buffered but not yet part of an emitted message. */
  public int bufferedBytes() {
    return end - start;
  }

  private boolean hasNonBlankBytes() {
    for (int i = start; i < end; i++) {
      if (buf[i] != '\n' && buf[i] != '\r') {
        return true;
      }
    }
    return false;
  }

  private void append(byte[] data, int off, int len) {
    ensureRoom(len);
    System.arraycopy(data, off, buf, end, len);
    end += len;
  }

  private void ensureRoom(int len) {
    if (end + len > buf.length) {
      compact();
      if (end + len > buf.length) {
        int needed = end + len;
        int size = buf.length;
        while (size < needed) {
          size = size * 2;
        }
        byte[] bigger = new byte[size];
        System.arraycopy(buf, 0, bigger, 0, end);
        buf = bigger;
      }
    }
  }

  private void compact() {
    if (start == 0) {
      return;
    }
    int n = end - start;
    System.arraycopy(buf, start, buf, 0, n);
    scan -= start;
    lineStart -= start;
    end = n;
    start = 0;
    // a large body once needed a large buffer; give the memory back when idle
    if (n == 0 && buf.length > 64 * 1024) {
      buf = new byte[8192];
    }
  }

  private void resetScan() {
    scan = start;
    lineStart = start;
  }

  /** Index of the '\n' that ends the empty line closing the header block, or -1. */
  private int findEndOfHeaderBlock() {
    if (scan < start) {
      resetScan();
    }
    int limit = Math.min(end, start + maxHeaderBytes + 2);
    for (int i = scan; i < limit; i++) {
      if (buf[i] == '\n') {
        int len = i - lineStart;
        boolean empty = len == 0 || (len == 1 && buf[lineStart] == '\r');
        if (empty) {
          if (lineStart == start) {
            // blank line before any header: stray separator, skip it
            start = i + 1;
            lineStart = start;
            continue;
          }
          scan = i + 1;
          lineStart = i + 1;
          return i;
        }
        lineStart = i + 1;
      }
    }
    scan = limit;
    return -1;
  }

  private void parseHeaderBlock(int blockEnd, Consumer<EslMessage> out) {
    int blockStart = start;
    start = blockEnd + 1;
    EslHeaders.Builder headers = EslHeaders.builder();
    String command = null;
    int contentLength = -1;
    int ls = blockStart;
    boolean first = true;
    for (int i = blockStart; i < blockEnd; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      int le = i;
      if (le > ls && buf[le - 1] == '\r') {
        le--;
      }
      String line = new String(buf, ls, le - ls, StandardCharsets.UTF_8);
      ls = i + 1;
      if (first && mode == Mode.COMMANDS) {
        command = line;
        first = false;
        continue;
      }
      first = false;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw fail("malformed header line (no 'Name: value'): " + printable(line));
      }
      String name = line.substring(0, colon);
      int v = colon + 1;
      if (v < line.length() && line.charAt(v) == ' ') {
        v++;
      }
      String value = line.substring(v);
      headers.add(name, value);
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = parseLength(value);
      }
    }
    EslHeaders built = headers.build();
    if (contentLength > 0) {
      pendingHeaders = built;
      pendingCommand = command;
      pendingBodyLength = contentLength;
    } else {
      resetScan();
      out.accept(new EslMessage(command, built, new byte[0]));
    }
  }

  private int parseLength(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 10) {
      throw fail("bad Content-Length '" + printable(value) + "': expected a byte count");
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw fail("bad Content-Length '" + printable(value) + "': expected a byte count");
      }
      n = n * 10 + (c - '0');
    }
    if (n > maxBodyBytes) {
      throw fail("Content-Length " + n + " exceeds the limit of " + maxBodyBytes
          + " bytes (raise switchboard.media.max-body-bytes if this is legitimate)");
    }
    return (int) n;
  }

  private EslProtocolException fail(String message) {
    failed = true;
    return new EslProtocolException(message);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }
}
