package io.switchboard.flows.flowtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.FlowError;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.internal.compile.Problems;
import io.switchboard.flows.internal.schema.SchemaCheck;
import io.switchboard.flows.internal.schema.Where;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.internal.yaml.YamlDocument;
import io.switchboard.flows.internal.yaml.YamlReader;
import io.switchboard.flows.simulation.InputToken;
import io.switchboard.flows.simulation.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code *.flowtest.yaml} files (format in ivr-flows/README.md, schema in
 * {@code io/switchboard/flows/flowtest.schema.json}). Errors are located like flow errors.
 * Stateless; thread-safe.
 */
final class FlowTestFile {

  private static final SchemaCheck SCHEMA = SchemaCheck.load("/io/switchboard/flows/flowtest.schema.json");

  /** The facts of a simulated call as written (defaults merged). */
  record Call(String caller, String callerName, String dialled, String at, String atPointer, String timezone,
      String language, Map<String, String> variables) {}

  /** An expected prompt: a label, or one resolved prompt's content. */
  record ExpectedPrompt(String label, String audio, String say, String tone) {
    String describe() {
      if (label != null) {
        return "'" + label + "'";
      }
      if (audio != null) {
        return "{audio: " + audio + "}";
      }
      return say != null ? "{say: " + say + "}" : "{tone: " + tone + "}";
    }
  }

  /** One test, with the pointers its failures are reported at. */
  record Case(String name, String pointer, Call call, List<InputToken> inputs, List<String> inputPointers,
      List<ExpectedPrompt> prompts, List<String> decisions, Map<String, String> variables, Outcome result) {}

  /** A parsed file: where the flow and directory are, the tests, and the document for positions. */
  record Parsed(YamlDocument doc, String flow, String directory, List<Case> cases) {}

  private FlowTestFile() {}

  static Parsed parse(String file, String text, List<FlowError> errors) {
    YamlReader.Result read = new YamlReader().read(file, text);
    if (read.document().isEmpty()) {
      errors.addAll(read.errors());
      return null;
    }
    YamlDocument doc = read.document().get();
    Problems problems = new Problems(doc);
    problems.addAll(read.errors());
    if (!doc.root().isObject()) {
      problems.atValue("", ErrorClass.WRONG_TYPE, "a flow test file must be a YAML mapping with flow and tests");
      errors.addAll(problems.errors());
      return null;
    }
    problems.addAll(SCHEMA.check(doc, FlowTestFile::describe));
    JsonNode root = doc.root();
    JsonNode defaults = root.path("defaults");
    List<Case> cases = new ArrayList<>();
    JsonNode tests = root.path("tests");
    for (int i = 0; tests.isArray() && i < tests.size(); i++) {
      JsonNode t = tests.get(i);
      if (!t.isObject()) {
        continue;
      }
      String p = Pointers.child("/tests", i);
      String name = t.path("name").asText("test " + (i + 1));
      Call call = call(defaults, t, p);
      List<InputToken> inputs = new ArrayList<>();
      List<String> inputPointers = new ArrayList<>();
      inputs(doc, t.get("inputs"), p + "/inputs", inputs, inputPointers, problems, name);
      JsonNode e = t.path("expect");
      List<ExpectedPrompt> prompts = null;
      if (e.path("prompts").isArray()) {
        prompts = new ArrayList<>();
        for (JsonNode pr : e.get("prompts")) {
          if (pr.isTextual()) {
            prompts.add(new ExpectedPrompt(pr.asText(), null, null, null));
          } else if (pr.isObject()) {
            prompts.add(new ExpectedPrompt(null, text(pr, "audio"), text(pr, "say"), text(pr, "tone")));
          }
        }
      }
      List<String> decisions = null;
      if (e.path("decisions").isArray()) {
        decisions = new ArrayList<>();
        for (JsonNode d : e.get("decisions")) {
          decisions.add(d.asText());
        }
      }
      Map<String, String> variables = new LinkedHashMap<>();
      e.path("variables").properties().forEach(v -> variables.put(v.getKey(), v.getValue().asText()));
      cases.add(new Case(name, p, call, inputs, inputPointers, prompts, decisions, variables, result(e.path("result"))));
    }
    errors.addAll(problems.errors());
    String flow = root.path("flow").isTextual() ? root.get("flow").asText() : null;
    String directory = root.path("directory").isTextual() ? root.get("directory").asText() : null;
    return new Parsed(doc, flow, directory, cases);
  }

  private static Call call(JsonNode defaults, JsonNode test, String p) {
    Map<String, String> variables = new LinkedHashMap<>();
    defaults.path("variables").properties().forEach(v -> variables.put(v.getKey(), v.getValue().asText()));
    test.path("variables").properties().forEach(v -> variables.put(v.getKey(), v.getValue().asText()));
    String atPointer = test.has("at") ? p + "/at" : "/defaults/at";
    return new Call(pick(defaults, test, "caller"), pick(defaults, test, "caller-name"),
        pick(defaults, test, "dialled"), pick(defaults, test, "at"), atPointer, pick(defaults, test, "timezone"),
        pick(defaults, test, "language"), variables);
  }

  private static String pick(JsonNode defaults, JsonNode test, String field) {
    if (test.path(field).isTextual()) {
      return test.get(field).asText();
    }
    return defaults.path(field).isTextual() ? defaults.get(field).asText() : null;
  }

  private static void inputs(YamlDocument doc, JsonNode n, String p, List<InputToken> out, List<String> pointers,
      Problems problems, String test) {
    if (n == null) {
      return;
    }
    List<String[]> written = new ArrayList<>();
    if (n.isTextual()) {
      for (String part : n.asText().split(",")) {
        if (!part.isBlank()) {
          written.add(new String[] {part.trim(), p});
        }
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        String ip = Pointers.child(p, i);
        if (n.get(i).isValueNode()) {
          written.add(new String[] {doc.raw(ip).orElse(n.get(i).asText()), ip});
        }
      }
    }
    for (String[] w : written) {
      try {
        for (InputToken token : InputToken.parse(w[0])) {
          out.add(token);
          pointers.add(w[1]);
        }
      } catch (IllegalArgumentException e) {
        problems.atValue(w[1], ErrorClass.INVALID_VALUE, "test '" + test + "': " + e.getMessage());
      }
    }
  }

  private static Outcome result(JsonNode r) {
    if (!r.isObject()) {
      return null;
    }
    if (r.path("voicemail").isTextual()) {
      return new Outcome.Voicemail(r.get("voicemail").asText());
    }
    if (r.path("hangup").isTextual()) {
      return new Outcome.HungUp(r.get("hangup").asText());
    }
    if (r.path("waiting").isTextual()) {
      return new Outcome.Waiting(r.get("waiting").asText());
    }
    JsonNode t = r.path("transfer");
    Optional<TransferTarget> target = Optional.empty();
    if (t.path("queue").isTextual()) {
      target = Optional.of(new TransferTarget.Queue(t.get("queue").asText()));
    } else if (t.path("user").isTextual()) {
      target = Optional.of(new TransferTarget.User(t.get("user").asText()));
    } else if (t.path("extension").isTextual()) {
      target = Optional.of(new TransferTarget.Extension(t.get("extension").asText()));
    } else if (t.path("number").isTextual()) {
      target = Optional.of(new TransferTarget.OutsideNumber(t.get("number").asText()));
    } else if (t.path("flow").isTextual()) {
      target = Optional.of(new TransferTarget.Flow(t.get("flow").asText()));
    } else if (t.path("mailbox").isTextual()) {
      target = Optional.of(new TransferTarget.Voicemail(t.get("mailbox").asText()));
    } else if (t.path("operator").asBoolean(false)) {
      target = Optional.of(new TransferTarget.Operator());
    }
    return target.<Outcome>map(Outcome.Transferred::new).orElse(null);
  }

  private static String text(JsonNode n, String field) {
    return n.path(field).isTextual() ? n.get(field).asText() : null;
  }

  private static Where describe(YamlDocument doc, String pointer) {
    List<String> s = Pointers.segments(pointer);
    if (s.size() >= 2 && s.get(0).equals("tests") && s.get(1).chars().allMatch(Character::isDigit)) {
      JsonNode name = doc.root().path("tests").path(Integer.parseInt(s.get(1))).path("name");
      String context = name.isTextual() ? "test '" + name.asText() + "'" : "test " + (Integer.parseInt(s.get(1)) + 1);
      return new Where(context, Where.fieldPath(s.subList(2, s.size())));
    }
    return new Where("", Where.fieldPath(s));
  }
}
