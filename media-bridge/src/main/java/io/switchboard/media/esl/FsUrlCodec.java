package io.switchboard.media.esl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * FreeSWITCH's URL encoding of header values ({@code switch_url_encode}), both ways.
 *
 * <p>Encoding escapes every byte below 0x20 or above 0x7E and the characters
 * {@code space # % & + : ; < = > ? @ [ \ ] ^ ` { | } "}; it leaves {@code , / ' ( ) ~ ! * $ - _ .}
 * raw, and, like FreeSWITCH, does not re-encode a {@code %} that already starts a valid
 * {@code %XX} sequence (so such values are not perfectly reversible). Decoding is a pure %XX
 * decoder into UTF-8 bytes: {@code +} stays {@code +} (never {@code java.net.URLDecoder}, which
 * turns it into a space), and a {@code %} not followed by two hex digits is kept literally.
 *
 * <p>Stateless and thread-safe.
 */
public final class FsUrlCodec {

  private static final boolean[] ESCAPE = new boolean[256];
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  static {
    for (int b = 0; b < 256; b++) {
      ESCAPE[b] = b < 0x20 || b > 0x7E;
    }
    for (char c : " #%&+:;<=>?@[\\]^`{|}\"".toCharArray()) {
      ESCAPE[c] = true;
    }
  }

  private FsUrlCodec() {}

  public static String decode(String value) {
    int pct = value.indexOf('%');
    if (pct < 0) {
      return value;
    }
    byte[] src = value.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
    for (int i = 0; i < src.length; i++) {
      byte b = src[i];
      if (b == '%' && i + 2 < src.length && hex(src[i + 1]) >= 0 && hex(src[i + 2]) >= 0) {
        out.write(hex(src[i + 1]) * 16 + hex(src[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public static String encode(String value) {
    byte[] src = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = null;
    for (int i = 0; i < src.length; i++) {
      int b = src[i] & 0xff;
      boolean keepPercent =
          b == '%' && i + 2 < src.length && upperHex(src[i + 1]) && upperHex(src[i + 2]);
      if (ESCAPE[b] && !keepPercent) {
        if (sb == null) {
          sb = new StringBuilder(src.length + 16);
          sb.append(new String(src, 0, i, StandardCharsets.US_ASCII));
        }
        sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      } else if (sb != null) {
        sb.append((char) b);
      }
    }
    return sb == null ? value : sb.toString();
  }

  // switch_url_encode only recognises an existing escape written with upper-case hex digits
  private static boolean upperHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
