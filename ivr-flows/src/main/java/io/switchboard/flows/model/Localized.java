package io.switchboard.flows.model;

import java.util.Map;
import java.util.Optional;

/**
 * A text given once for every language ({@code single}) or per language.
 *
 * @param single the text for every language, or null when given per language
 * @param perLanguage language tag -> text (empty when {@code single} is set)
 */
public record Localized(String single, Map<String, String> perLanguage) {
  public Localized {
    perLanguage = Map.copyOf(perLanguage);
  }

  public static Localized of(String text) {
    return new Localized(text, Map.of());
  }

  /** The text for a language; the single text whatever the language. */
  public Optional<String> in(String language) {
    return single != null ? Optional.of(single) : Optional.ofNullable(perLanguage.get(language));
  }
}
