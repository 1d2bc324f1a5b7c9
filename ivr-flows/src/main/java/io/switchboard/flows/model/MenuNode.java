package io.switchboard.flows.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plays a prompt and waits for one key.
 *
 * @param options key -> node id, in file order
 * @param repeatKey the key that replays the prompt, or null
 * @param invalidPrompt played after an invalid key, or null
 * @param timeoutPrompt played after a timeout, or null
 * @param onTimeout where a silent caller goes when retries are used up (null: a dead end)
 * @param onInvalid where the call goes after invalid keys when retries are used up (null: onTimeout)
 */
public record MenuNode(
    String id,
    PromptSpec prompt,
    Map<String, String> options,
    Duration timeout,
    int retries,
    String repeatKey,
    PromptSpec invalidPrompt,
    PromptSpec timeoutPrompt,
    String onTimeout,
    String onInvalid)
    implements Node {

  public MenuNode {
    options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
  }

  @Override
  public String type() {
    return "menu";
  }

  /** Where the call goes after invalid keys once retries are used up. */
  public String invalidTarget() {
    return onInvalid != null ? onInvalid : onTimeout;
  }

  @Override
  public List<Edge> edges() {
    List<Edge> out = new ArrayList<>();
    options.forEach((k, v) -> out.add(new Edge(k, v, false, pointer() + "/options/" + k)));
    if (onTimeout != null) {
      out.add(new Edge("on-timeout", onTimeout, true, pointer() + "/on-timeout"));
    }
    if (onInvalid != null) {
      out.add(new Edge("on-invalid", onInvalid, false, pointer() + "/on-invalid"));
    }
    return out;
  }
}
