package io.switchboard.flows.internal.schema;

import io.switchboard.flows.internal.yaml.YamlDocument;

/** Names the location of a JSON pointer in error messages, per file format. */
@FunctionalInterface
public interface Describer {
  Where describe(YamlDocument doc, String pointer);
}
