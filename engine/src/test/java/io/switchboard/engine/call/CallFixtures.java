package io.switchboard.engine.call;

import com.typesafe.config.ConfigFactory;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.config.DirectoryConfiguration;
import io.switchboard.engine.directory.config.DirectoryFileLoader;
import io.switchboard.engine.directory.config.LoadResult;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.voicemail.MailboxSettings;
import io.switchboard.flows.CompileResult;
import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCompiler;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The test directory ({@code calls/directory.yaml}) with its two flows and queue policies,
 * loaded once per JVM through the real loader and compiler.
 */
final class CallFixtures {

  static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  static final String NODE = "fs1";
  static final String VOICEMAIL_DIR = "/var/lib/switchboard/voicemail";

  private static DirectoryConfiguration configuration;
  private static Map<String, CompiledFlow> flows;

  private CallFixtures() {}

  static synchronized DirectoryConfiguration configuration() {
    if (configuration == null) {
      LoadResult result = DirectoryFileLoader.load(resource("calls/directory.yaml"));
      if (result instanceof LoadResult.Failed failed) {
        throw new IllegalStateException("test directory does not load:\n" + failed.report());
      }
      configuration = ((LoadResult.Loaded) result).configuration();
    }
    return configuration;
  }

  static DirectoryState directory() {
    return configuration().directory();
  }

  static Map<String, QueuePolicy> policies() {
    Map<String, QueuePolicy> policies = new LinkedHashMap<>();
    configuration().queues().forEach(q -> policies.put(q.id(), q.policy()));
    return policies;
  }

  static MailboxSettings mailboxSettings(String mailboxId) {
    return configuration().mailboxSettings().get(mailboxId);
  }

  /** Flows by id; the versions are their content hashes. */
  static synchronized Map<String, CompiledFlow> flows() {
    if (flows == null) {
      FlowCompiler compiler = FlowCompiler.create(Clock.fixed(T0, ZoneOffset.UTC));
      Map<String, CompiledFlow> compiled = new LinkedHashMap<>();
      for (String id : new String[] {"main", "sales"}) {
        CompileResult result = compiler.compile(resource("calls/flows/" + id + ".flow.yaml"));
        compiled.put(id, result.flow().orElseThrow(() -> new IllegalStateException("flow " + id + ": " + result)));
      }
      flows = Map.copyOf(compiled);
    }
    return flows;
  }

  static Optional<CompiledFlow> flow(String id, String version) {
    return Optional.ofNullable(flows().get(id)).filter(f -> f.version().equals(version));
  }

  static CallSettings settings() {
    return CallSettings.fromConfig(ConfigFactory.load()).withVoicemailDir(VOICEMAIL_DIR);
  }

  static Path resource(String name) {
    try {
      return Path.of(CallFixtures.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
