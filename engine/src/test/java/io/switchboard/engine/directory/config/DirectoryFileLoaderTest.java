package io.switchboard.engine.directory.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.directory.DialResolver;
import io.switchboard.engine.directory.DialResolver.Caller;
import io.switchboard.engine.directory.Destination;
import io.switchboard.engine.directory.DirectoryCommand;
import io.switchboard.engine.directory.DirectoryDomain;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.E164;
import io.switchboard.engine.directory.MailboxEntry;
import io.switchboard.engine.directory.MailboxKind;
import io.switchboard.engine.directory.NumberState;
import io.switchboard.engine.directory.Target;
import io.switchboard.engine.directory.config.DirectoryConfiguration.AgentDefinition;
import io.switchboard.engine.directory.config.DirectoryConfiguration.FlowReference;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueDefinition;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueMembership;
import io.switchboard.engine.queue.routing.Announcements;
import io.switchboard.engine.queue.routing.NoAgentsPolicy;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.RoutingMethod;
import io.switchboard.engine.voicemail.MailboxSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DirectoryFileLoaderTest {

  static Path resources() throws URISyntaxException {
    return Path.of(DirectoryFileLoaderTest.class.getResource("/directory/directory.yaml").toURI()).getParent();
  }

  static DirectoryConfiguration loadExample() throws URISyntaxException {
    LoadResult result = DirectoryFileLoader.load(resources().resolve("directory.yaml"));
    assertThat(result).as(result instanceof LoadResult.Failed f ? f.report() : "").isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).configuration();
  }

  @Test
  void the_complete_example_loads_every_section() throws Exception {
    // when
    DirectoryConfiguration config = loadExample();
    DirectoryState directory = config.directory();

    // then: numbers, including a range of ten and a number porting in
    assertThat(directory.numbers()).hasSize(15);
    assertThat(directory.numbersWithPrefix("+155510001", NumberState.AVAILABLE)).hasSize(10);
    assertThat(directory.number(E164.of("+15551000104")).state()).isEqualTo(NumberState.PORTING_IN);
    assertThat(directory.number(E164.of("+15551000101")).assignedTo()).isEqualTo(Target.queue("support"));
    assertThat(directory.mainNumber()).isEqualTo(E164.of("+15551000100"));

    // users, extensions, and mailboxes provisioned for users with an extension (erin has none)
    assertThat(directory.users()).containsOnlyKeys("alice", "bob", "carol", "dave", "erin");
    assertThat(directory.extensions()).containsOnlyKeys("1001", "1002", "1003", "1004", "600", "601");
    assertThat(directory.mailboxes()).containsOnlyKeys("support-box", "alice", "bob", "carol", "dave");
    assertThat(directory.mailboxes().get("support-box")).isEqualTo(new MailboxEntry("support-box", MailboxKind.SHARED, null, "Support voicemail"));
    assertThat(config.mailboxSettings().get("support-box"))
        .isEqualTo(new MailboxSettings(Duration.ofMinutes(3), Duration.ofSeconds(2), true, 250, 3, 200));
    assertThat(config.mailboxSettings().get("alice"))
        .isEqualTo(new MailboxSettings(Duration.ofMinutes(2), Duration.ofSeconds(3), true, 200, 2, 50));
    assertThat(config.mailboxSettings().get("bob")).isEqualTo(MailboxSettings.DEFAULT);

    // gateways and routes
    assertThat(directory.gateways()).containsOnlyKeys("carrier-a", "carrier-b", "intl", "backup");
    assertThat(directory.outboundRoutes()).hasSize(2);

    // flows resolved against the file's folder
    assertThat(config.flows())
        .containsExactly(
            new FlowReference("main", resources().resolve("flows/main.flow.yaml")),
            new FlowReference("after-hours", resources().resolve("flows/after-hours.flow.yaml")));
  }

  @Test
  void queue_policies_take_the_file_values_over_the_defaults() throws Exception {
    // when
    List<QueueDefinition> queues = loadExample().queues();

    // then
    assertThat(queues).extracting(QueueDefinition::id).containsExactly("support", "sales", "billing");
    QueueDefinition support = queues.get(0);
    QueuePolicy p = support.policy();
    assertThat(support.name()).isEqualTo("Customer Support");
    assertThat(support.extension()).isEqualTo("600");
    assertThat(p.routingMethod()).isEqualTo(RoutingMethod.LONGEST_IDLE);
    assertThat(p.agentAlertTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.maxCallsWaiting()).isEqualTo(30);
    assertThat(p.overflowAction()).isEqualTo(new QueueAction.ToVoicemail("support-box"));
    assertThat(p.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.timeoutAction()).isEqualTo(new QueueAction.ToQueue("sales"));
    assertThat(p.noAgents()).isEqualTo(new NoAgentsPolicy(NoAgentsPolicy.Mode.NEW_CALLS, new QueueAction.ToVoicemail("support-box")));
    assertThat(p.greeting()).isEqualTo("support-welcome");
    assertThat(p.announcements()).isEqualTo(new Announcements(true, true, Duration.ofSeconds(45)));
    assertThat(p.wrapUpTime()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.callerPriorityRules()).hasSize(2);
    assertThat(p.priorityOf(null, "+15559991234", "+15551000101").priority()).isEqualTo(5);
    assertThat(p.priorityOf(null, "+12125550000", "+15551000101").priority()).isEqualTo(2);
    assertThat(p.priorityOf(null, "+12125550000", "+15551000100").priority()).isZero();
    assertThat(support.members())
        .containsExactly(new QueueMembership("alice", 1, 1, true), new QueueMembership("bob", 1, 2, true));

    QueuePolicy sales = queues.get(1).policy();
    assertThat(sales.routingMethod()).isEqualTo(RoutingMethod.ATTENDANT);
    assertThat(sales.overflowAction()).isEqualTo(new QueueAction.Disconnect("sales-busy"));
    assertThat(sales.waitsForever()).isTrue();
    assertThat(sales.noAgents()).isEqualTo(NoAgentsPolicy.keepWaiting());
    assertThat(sales.announcements().enabled()).isFalse();
    assertThat(sales.wrapUpTime()).isEqualTo(QueuePolicy.defaults().wrapUpTime());

    QueueDefinition billing = queues.get(2);
    assertThat(billing.name()).isEqualTo("Billing");
    assertThat(billing.policy().routingMethod()).isEqualTo(RoutingMethod.SKILLS);
    assertThat(billing.policy().requiredSkills()).containsExactlyEntriesOf(Map.of("billing", 2));
    assertThat(billing.policy().presenceBasedRouting()).isFalse();
    assertThat(billing.policy().timeoutAction()).isEqualTo(new QueueAction.ToOutsideNumber(E164.of("+15557654321")));
    assertThat(billing.policy().noAgents()).isEqualTo(new NoAgentsPolicy(NoAgentsPolicy.Mode.ALL_CALLS, new QueueAction.Disconnect(null)));
    assertThat(billing.members())
        .containsExactly(
            new QueueMembership("carol", 1, 1, true), new QueueMembership("alice", 2, 2, true), new QueueMembership("dave", 2, 3, false));
  }

  @Test
  void agents_are_the_queue_members_and_users_with_skills() throws Exception {
    // when
    List<AgentDefinition> agents = loadExample().agents();

    // then
    assertThat(agents)
        .containsExactly(
            new AgentDefinition("alice", Map.of("english", 5, "billing", 3)),
            new AgentDefinition("bob", Map.of()),
            new AgentDefinition("carol", Map.of("billing", 4, "spanish", 5)),
            new AgentDefinition("dave", Map.of()));
  }

  @Test
  void the_commands_rebuild_the_same_directory_and_it_routes_calls() throws Exception {
    // given
    DirectoryConfiguration config = loadExample();

    // when
    DirectoryState replayed = DirectoryState.EMPTY;
    for (DirectoryCommand command : config.directoryCommands()) {
      replayed = DirectoryDomain.evolveAll(replayed, DirectoryDomain.decide(replayed, command).events());
    }

    // then
    assertThat(replayed).isEqualTo(config.directory());
    assertThat(DialResolver.resolve(replayed, "1002", Caller.user("alice")))
        .isEqualTo(new Destination.Internal(Target.user("bob"), "extension 1002"));
    Destination.Outside outside = (Destination.Outside) DialResolver.resolve(replayed, "2125550123", Caller.user("alice"));
    assertThat(outside.attempts()).extracting(a -> a.gatewayId() + " " + a.dialString() + " " + a.callerIdNumber())
        .containsExactly(
            "carrier-a sofia/gateway/carrier-a/+12125550123 +15551000102",
            "carrier-b {absolute_codec_string=PCMU}sofia/gateway/carrier-b/12125550123 5551000100");
    Destination.Outside abroad = (Destination.Outside) DialResolver.resolve(replayed, "011442071838750", Caller.user("bob"));
    assertThat(abroad.attempts()).extracting(a -> a.dialString()).containsExactly("sofia/gateway/intl/442071838750");
  }

  @Test
  void a_file_in_the_flow_modules_directory_shape_loads() {
    // given: only the keys the IVR flow validator reads
    String text =
        """
        users:
          - { id: alice, extension: "1001", name: Alice Martin }
        queues:
          - { id: support }
        mailboxes:
          - { id: general }
        flows:
          - { id: main, file: main.flow.yaml }
        """;

    // when
    LoadResult result = DirectoryFileLoader.parse("shape.yaml", text, Path.of("/etc/switchboard"));

    // then
    assertThat(result).isInstanceOf(LoadResult.Loaded.class);
    DirectoryConfiguration config = ((LoadResult.Loaded) result).configuration();
    assertThat(config.queues()).singleElement().satisfies(q -> assertThat(q.policy()).isEqualTo(QueuePolicy.defaults()));
    assertThat(config.flows()).containsExactly(new FlowReference("main", Path.of("/etc/switchboard/main.flow.yaml")));
    assertThat(config.directory().mailboxes()).containsOnlyKeys("alice", "general");
  }

  static Stream<String> brokenFiles() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(resources().resolve("broken"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void the_broken_corpus_covers_at_least_thirty_files_each_with_expected_errors() throws Exception {
    List<String> files = brokenFiles().toList();
    assertThat(files).hasSizeGreaterThanOrEqualTo(30);
    for (String file : files) {
      assertThat(resources().resolve("broken").resolve(file.replace(".yaml", ".errors"))).as(file).exists();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void a_broken_file_gives_exactly_its_expected_errors(String file) throws Exception {
    // given
    Path dir = resources().resolve("broken");
    String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    List<String> expected = Files.readAllLines(dir.resolve(file.replace(".yaml", ".errors")), StandardCharsets.UTF_8);

    // when
    LoadResult result = DirectoryFileLoader.parse(file, text, dir);

    // then
    assertThat(result).isInstanceOf(LoadResult.Failed.class);
    assertThat(((LoadResult.Failed) result).errors()).extracting(ConfigError::toString).containsExactlyElementsOf(expected);
  }

  @Test
  void an_unreadable_file_is_reported_as_an_error() {
    // when
    LoadResult result = DirectoryFileLoader.load(Path.of("/nonexistent/switchboard/directory.yaml"));

    // then
    assertThat(((LoadResult.Failed) result).errors())
        .singleElement()
        .satisfies(e -> assertThat(e.toString())
            .isEqualTo("/nonexistent/switchboard/directory.yaml:1:1: cannot read the directory file: NoSuchFileException /nonexistent/switchboard/directory.yaml"));
  }

  @Test
  void a_billion_laughs_document_is_refused_instead_of_expanded() {
    // given: aliases that would expand exponentially
    StringBuilder text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      char prev = (char) (c - 1);
      text.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
    }

    // when
    LoadResult result = DirectoryFileLoader.parse("laughs.yaml", text.toString(), Path.of("."));

    // then
    assertThat(((LoadResult.Failed) result).errors()).extracting(ConfigError::toString)
        .containsExactly("laughs.yaml:1:1: YAML error: Number of aliases for non-scalar nodes exceeds the specified max=50");
  }
}
