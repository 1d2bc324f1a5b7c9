package io.switchboard.flows.internal.compile;

import io.switchboard.flows.internal.schema.Describer;
import io.switchboard.flows.internal.schema.Where;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.internal.yaml.YamlDocument;
import java.util.List;

/** Names locations in flow files: "menu 'main'", "prompt 'welcome'", or "flow". */
final class FlowDescriber implements Describer {

  @Override
  public Where describe(YamlDocument doc, String pointer) {
    List<String> s = Pointers.segments(pointer);
    if (s.size() >= 2 && s.get(0).equals("nodes")) {
      String id = s.get(1);
      String type = doc.root().path("nodes").path(id).path("type").asText("");
      String context = (FlowBinder.NODE_TYPES.contains(type) ? type : "node") + " '" + id + "'";
      return new Where(context, Where.fieldPath(s.subList(2, s.size())));
    }
    if (s.size() >= 2 && s.get(0).equals("prompts")) {
      return new Where("prompt '" + s.get(1) + "'", Where.fieldPath(s.subList(2, s.size())));
    }
    return new Where("", Where.fieldPath(s));
  }
}
