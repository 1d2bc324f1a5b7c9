package io.switchboard.flows;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * One piece of a prompt, already resolved for the call's language: plain data that the engine
 * maps to FreeSWITCH playback arguments (and escapes for ESL there).
 *
 * <p>Created by {@link CompiledFlow} inside {@link FlowCommand.Play} and
 * {@link FlowCommand.RecordVoicemail}; immutable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Prompt.AudioFile.class, name = "audio"),
  @JsonSubTypes.Type(value = Prompt.Tone.class, name = "tone"),
  @JsonSubTypes.Type(value = Prompt.Speech.class, name = "speech")
})
public sealed interface Prompt {

  /** An audio file for FreeSWITCH {@code playback}, relative to its sound directory or absolute. */
  record AudioFile(String path) implements Prompt {
    public AudioFile {
      Objects.requireNonNull(path, "path");
    }
  }

  /** A FreeSWITCH {@code tone_stream://} (TGML) spec such as {@code %(500,0,440)}. */
  record Tone(String spec) implements Prompt {
    public Tone {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /**
   * Text for FreeSWITCH's text-to-speech ({@code speak}).
   *
   * @param voice the voice name; empty means the engine's configured default voice
   */
  record Speech(String text, String language, String voice) implements Prompt {
    public Speech {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(voice, "voice");
    }
  }
}
