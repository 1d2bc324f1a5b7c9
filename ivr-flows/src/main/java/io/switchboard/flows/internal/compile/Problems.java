package io.switchboard.flows.internal.compile;

import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.internal.yaml.Pos;
import io.switchboard.flows.internal.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects located errors while one file is compiled. Not thread-safe: one per compilation. */
public final class Problems {
  private final YamlDocument doc;
  private final List<FlowError> errors = new ArrayList<>();
  private final Set<String> seen = new LinkedHashSet<>();

  public Problems(YamlDocument doc) {
    this.doc = doc;
  }

  public YamlDocument doc() {
    return doc;
  }

  /** An error located at the value at {@code pointer}. */
  public void atValue(String pointer, ErrorClass errorClass, String message) {
    add(doc.valuePos(pointer), errorClass, message);
  }

  /** An error located at the key of the value at {@code pointer}. */
  public void atKey(String pointer, ErrorClass errorClass, String message) {
    add(doc.keyPos(pointer), errorClass, message);
  }

  public void add(Pos pos, ErrorClass errorClass, String message) {
    FlowError e = new FlowError(doc.file(), pos.line(), pos.column(), errorClass, message);
    if (seen.add(e.located())) {
      errors.add(e);
    }
  }

  public void addAll(List<FlowError> more) {
    for (FlowError e : more) {
      if (seen.add(e.located())) {
        errors.add(e);
      }
    }
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<FlowError> errors() {
    return List.copyOf(errors);
  }
}
