package io.switchboard.flows.model;

/** One element of a prompt as written in the file, before resolution for a language. */
public sealed interface PromptPart {

  /** A reference to an entry of the prompts library. */
  record Ref(String promptId) implements PromptPart {}

  /** An audio file path; {lang} is replaced by the call's language. */
  record Audio(Localized path) implements PromptPart {}

  /** A FreeSWITCH tone_stream spec. */
  record Tone(String spec) implements PromptPart {}

  /**
   * Text for text-to-speech.
   *
   * @param language the language of a single text (null: the call's language)
   * @param voice the voice (null: the flow's voice for the language)
   */
  record Say(Localized text, String language, String voice) implements PromptPart {}
}
