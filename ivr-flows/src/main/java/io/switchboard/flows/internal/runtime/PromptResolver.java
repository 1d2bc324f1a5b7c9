package io.switchboard.flows.internal.runtime;

import io.switchboard.flows.Prompt;
import io.switchboard.flows.model.Flow;
import io.switchboard.flows.model.PromptPart;
import io.switchboard.flows.model.PromptSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves prompts as written into {@link Prompt}s for one language: library references are
 * expanded, per-language texts and paths picked, {lang} and other placeholders replaced, voices
 * chosen. Immutable; thread-safe.
 */
final class PromptResolver {
  private final Flow flow;

  PromptResolver(Flow flow) {
    this.flow = flow;
  }

  List<Prompt> resolve(PromptSpec spec, String language, Map<String, String> placeholders) {
    List<Prompt> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    for (PromptPart part : spec.parts()) {
      if (part instanceof PromptPart.Ref ref) {
        PromptSpec library = flow.prompts().get(ref.promptId());
        if (library != null) {
          for (PromptPart p : library.parts()) {
            add(out, p, language, placeholders);
          }
        }
      } else {
        add(out, part, language, placeholders);
      }
    }
    return out;
  }

  private void add(List<Prompt> out, PromptPart part, String language, Map<String, String> placeholders) {
    if (part instanceof PromptPart.Audio audio) {
      String path = audio.path().in(language).or(() -> audio.path().in(flow.language())).orElse("");
      out.add(new Prompt.AudioFile(fill(path, language, placeholders)));
    } else if (part instanceof PromptPart.Tone tone) {
      out.add(new Prompt.Tone(tone.spec()));
    } else if (part instanceof PromptPart.Say say) {
      String lang = say.language() != null ? say.language() : language;
      String text = say.text().in(lang).or(() -> say.text().in(flow.language())).orElse("");
      String voice = say.voice() != null ? say.voice() : flow.voiceFor(lang);
      out.add(new Prompt.Speech(fill(text, lang, placeholders), lang, voice));
    }
  }

  private static String fill(String text, String language, Map<String, String> placeholders) {
    String out = text.replace("{lang}", language);
    for (Map.Entry<String, String> e : placeholders.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }
}
