package io.switchboard.flows.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scripted caller action, as written in flow tests and {@code flow simulate --input}:
 * {@code 1} (a key, pressed once the prompt playing has finished; {@code 123#} is four keys),
 * {@code spell:martin#} (the keys that spell a name on a phone keypad, here 627846#),
 * {@code timeout} (the caller waits until the digit timer fires), {@code barge:1} (a key pressed
 * while a prompt is still playing) and {@code transfer-failed[:reason]} (the engine reports that
 * the transfer failed).
 */
public sealed interface InputToken {

  /** A key pressed after the current prompt finished. */
  record Press(char key) implements InputToken {
    @Override
    public String toString() {
      return String.valueOf(key);
    }
  }

  /** A key pressed while a prompt is playing. */
  record Barge(char key) implements InputToken {
    @Override
    public String toString() {
      return "barge:" + key;
    }
  }

  /** The caller presses nothing until the running digit timer fires. */
  record Timeout() implements InputToken {
    @Override
    public String toString() {
      return "timeout";
    }
  }

  /** The last transfer failed. */
  record TransferFailed(String reason) implements InputToken {
    @Override
    public String toString() {
      return "transfer-failed:" + reason;
    }
  }

  /** Whether a character is a DTMF key. */
  static boolean isKey(char c) {
    return (c >= '0' && c <= '9') || c == '*' || c == '#';
  }

  /**
   * Parses one written token into one or more tokens ("123#" is four presses).
   *
   * @throws IllegalArgumentException naming the token and the accepted forms
   */
  static List<InputToken> parse(String written) {
    String t = written.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    List<InputToken> out = new ArrayList<>();
    if (lower.equals("timeout") || lower.equals("t")) {
      out.add(new Timeout());
      return out;
    }
    if (lower.equals("transfer-failed") || lower.startsWith("transfer-failed:")) {
      String reason = lower.equals("transfer-failed") ? "unavailable" : t.substring("transfer-failed:".length()).trim();
      out.add(new TransferFailed(reason.isEmpty() ? "unavailable" : reason));
      return out;
    }
    if (lower.startsWith("spell:") && t.length() > "spell:".length()) {
      for (char c : lower.substring("spell:".length()).toCharArray()) {
        char key = isKey(c) ? c : keypad(c);
        if (key == 0) {
          throw new IllegalArgumentException("input '" + written + "': spell: takes letters a-z and keys, not '" + c + "'");
        }
        out.add(new Press(key));
      }
      return out;
    }
    if (lower.startsWith("barge:") && t.length() == "barge:".length() + 1 && isKey(t.charAt(t.length() - 1))) {
      out.add(new Barge(t.charAt(t.length() - 1)));
      return out;
    }
    if (!t.isEmpty() && t.chars().allMatch(c -> isKey((char) c))) {
      for (char c : t.toCharArray()) {
        out.add(new Press(c));
      }
      return out;
    }
    throw new IllegalArgumentException("input '" + written + "' is not keys (0-9, *, #, such as 1 or 201#), "
        + "spell:<letters>, timeout, barge:<key> or transfer-failed[:reason]");
  }

  /** The phone keypad key of a letter a-z, or 0. */
  private static char keypad(char letter) {
    String[] keys = {"abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"};
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].indexOf(letter) >= 0) {
        return (char) ('2' + i);
      }
    }
    return 0;
  }

  /** Parses a comma-separated list such as {@code 1,2,timeout}. */
  static List<InputToken> parseList(String csv) {
    List<InputToken> out = new ArrayList<>();
    if (csv.isBlank()) {
      return out;
    }
    for (String part : csv.split(",")) {
      out.addAll(parse(part));
    }
    return out;
  }
}
