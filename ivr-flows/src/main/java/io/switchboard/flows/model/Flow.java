package io.switchboard.flows.model;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow as written: its settings, prompts library and nodes (in file order).
 *
 * @param defaultVoice the voice for languages without their own, empty for FreeSWITCH's default
 * @param voices language -> voice
 * @param timezone the flow's time zone, or null
 */
public record Flow(
    String id,
    String description,
    String language,
    List<String> languages,
    String defaultVoice,
    Map<String, String> voices,
    ZoneId timezone,
    String start,
    Map<String, PromptSpec> prompts,
    Map<String, Node> nodes) {

  public Flow {
    languages = List.copyOf(languages);
    voices = Map.copyOf(voices);
    prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
  }

  /** The voice for a language. */
  public String voiceFor(String lang) {
    return voices.getOrDefault(lang, defaultVoice);
  }
}
