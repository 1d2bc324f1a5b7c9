package io.switchboard.flows.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Schema editors use and the compiler agree on the node types and their fields. */
class SchemaConsistencyTest {

  static JsonNode schema() throws Exception {
    try (InputStream in = SchemaConsistencyTest.class.getResourceAsStream(FlowPipeline.SCHEMA_RESOURCE)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void theSchemaDefinesExactlyTheNodeTypesTheCompilerBinds() throws Exception {
    // given
    JsonNode defs = schema().get("definitions");
    List<String> enumerated = new ArrayList<>();
    defs.at("/node/properties/type/enum").forEach(t -> enumerated.add(t.asText()));

    // then
    assertThat(enumerated).containsExactlyElementsOf(FlowBinder.NODE_TYPES);
    for (String type : FlowBinder.NODE_TYPES) {
      JsonNode def = defs.get(type);
      assertThat(def).as(type).isNotNull();
      assertThat(def.path("additionalProperties").asBoolean(true)).as(type + " refuses unknown fields").isFalse();
      assertThat(def.at("/properties/type/const").asText()).isEqualTo(type);
      def.get("properties").properties().forEach(p ->
          assertThat(p.getValue().has("description")).as(type + "." + p.getKey() + " is documented").isTrue());
    }
  }
}
