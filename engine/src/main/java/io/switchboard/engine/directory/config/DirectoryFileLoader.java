package io.switchboard.engine.directory.config;

import io.switchboard.engine.directory.CallerIdRule;
import io.switchboard.engine.directory.DirectoryCommand;
import io.switchboard.engine.directory.DirectoryDecision;
import io.switchboard.engine.directory.DirectoryDomain;
import io.switchboard.engine.directory.DirectoryState;
import io.switchboard.engine.directory.E164;
import io.switchboard.engine.directory.Gateway;
import io.switchboard.engine.directory.Ids;
import io.switchboard.engine.directory.NumberPattern;
import io.switchboard.engine.directory.NumberPlan;
import io.switchboard.engine.directory.OutboundRoute;
import io.switchboard.engine.directory.Problem;
import io.switchboard.engine.directory.Target;
import io.switchboard.engine.directory.User;
import io.switchboard.engine.directory.config.DirectoryConfiguration.AgentDefinition;
import io.switchboard.engine.directory.config.DirectoryConfiguration.FlowReference;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueDefinition;
import io.switchboard.engine.directory.config.DirectoryConfiguration.QueueMembership;
import io.switchboard.engine.directory.config.internal.YamlReader;
import io.switchboard.engine.directory.config.internal.YamlReader.Obj;
import io.switchboard.engine.queue.routing.Announcements;
import io.switchboard.engine.queue.routing.CallerPriorityRule;
import io.switchboard.engine.queue.routing.InvalidQueuePolicyException;
import io.switchboard.engine.queue.routing.NoAgentsPolicy;
import io.switchboard.engine.queue.routing.QueueAction;
import io.switchboard.engine.queue.routing.QueuePolicy;
import io.switchboard.engine.queue.routing.RoutingMethod;
import io.switchboard.engine.voicemail.MailboxSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the directory file (YAML; format in {@code engine/DIRECTORY.md}) into a {@link
 * DirectoryConfiguration}, or reports every error of the file at once as {@code
 * file:line:column: message}.
 *
 * <p>Three layers of checks, all reported together: YAML syntax, shape (unknown or repeated keys,
 * wrong types, values out of range), and meaning. Meaning is checked by feeding the commands the
 * file describes, in order, to {@link DirectoryDomain} (so the file and the admin API refuse the
 * same things with the same words) and by cross-checks the directory cannot make alone: queue
 * members and action targets exist, no queue sends calls back to itself, overflow and no-agents
 * actions do not loop between queues, voicemail settings belong to a mailbox that exists. When an
 * entry is refused, references to it are not reported again.
 *
 * <p>The file format is a superset of the IVR flow module's directory file: {@code users[].id,
 * extension, name}, {@code queues[].id}, {@code mailboxes[].id} and {@code flows[].id, file} mean
 * the same here.
 *
 * <p>Stateless; each call works on its own data; thread-safe.
 */
public final class DirectoryFileLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryFileLoader.class);

  static final Set<String> TOP_KEYS =
      Set.of("numberPlan", "mainNumber", "numbers", "users", "queues", "mailboxes", "gateways", "outboundRoutes", "flows");
  static final Set<String> PLAN_KEYS = Set.of("countryCode", "nationalPrefix", "internationalPrefix", "nationalNumberLengths");
  static final Set<String> NUMBER_KEYS = Set.of("number", "range", "state", "assign", "description");
  static final Set<String> ASSIGN_KEYS = Set.of("flow", "queue", "user");
  static final Set<String> MAILBOX_SETTING_KEYS =
      Set.of("maxMessageLength", "minMessageLength", "silenceDetection", "silenceThreshold", "silenceHits", "maxMessages");
  static final Set<String> USER_KEYS =
      Set.of("id", "extension", "name", "endpoints", "listedInDirectory", "skills", "voicemail", "description");
  static final Set<String> MAILBOX_KEYS = union(Set.of("id", "name", "description"), MAILBOX_SETTING_KEYS);
  static final Set<String> FLOW_KEYS = Set.of("id", "file", "description");
  static final Set<String> GATEWAY_KEYS = Set.of("id", "dialString", "callerId", "description");
  static final Set<String> CALLER_ID_KEYS = Set.of("mode", "number", "format", "name");
  static final Set<String> ROUTE_KEYS = Set.of("pattern", "gateways", "description");
  static final Set<String> POLICY_KEYS =
      Set.of(
          "routingMethod", "presenceBasedRouting", "agentAlertTime", "maxCallsWaiting", "overflowAction", "timeout",
          "timeoutAction", "noAgents", "greeting", "musicOnHold", "announcements", "wrapUpTime", "callerPriorityRules",
          "missedOffersBeforeAway", "requiredSkills");
  static final Set<String> QUEUE_KEYS = union(Set.of("id", "name", "extension", "members", "description"), POLICY_KEYS);
  static final Set<String> MEMBER_KEYS = Set.of("agent", "tier", "order", "presenceBased");
  static final Set<String> ACTION_KEYS = Set.of("queue", "user", "voicemail", "flow", "number", "disconnect");
  static final Set<String> NO_AGENTS_KEYS = Set.of("mode", "action");
  static final Set<String> ANNOUNCEMENT_KEYS = Set.of("position", "estimatedWait", "interval");
  static final Set<String> PRIORITY_RULE_KEYS = Set.of("callerNumber", "dialedNumber", "priority");

  /** Numbers a single {@code range} entry may hold; larger blocks are split. */
  static final int MAX_RANGE = 1000;

  private DirectoryFileLoader() {}

  /** Loads a directory file; flow files are resolved against its folder. */
  public static LoadResult load(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new LoadResult.Failed(List.of(new ConfigError(file.toString(), 1, 1,
          "cannot read the directory file: " + e.getClass().getSimpleName() + " " + e.getMessage())));
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), text, base);
  }

  /**
   * Loads directory text.
   *
   * @param fileName the name used in error messages
   * @param text the YAML
   * @param baseDir the folder flow files are relative to
   */
  public static LoadResult parse(String fileName, String text, Path baseDir) {
    Loading loading = new Loading(fileName, baseDir);
    LoadResult result = loading.run(text);
    if (result instanceof LoadResult.Failed failed) {
      LOG.debug("directory file {} has {} error(s)", fileName, failed.errors().size());
    }
    return result;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** One load: the reader with its errors and the directory built so far. */
  private static final class Loading {
    private final YamlReader yaml;
    private final Path baseDir;
    private DirectoryState state = DirectoryState.EMPTY;
    private final List<DirectoryCommand> accepted = new ArrayList<>();
    /** Ids written in the file but refused: references to them are not reported again. */
    private final Set<Target> refusedTargets = new HashSet<>();
    private final Set<String> refusedGateways = new HashSet<>();
    private final Set<String> refusedMailboxes = new HashSet<>();
    private final List<FlowReference> flows = new ArrayList<>();
    private final List<Obj> queueEntries = new ArrayList<>();
    private final Map<String, MailboxSettings> mailboxSettings = new HashMap<>();
    private final Map<String, Obj> userVoicemail = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> userSkills = new LinkedHashMap<>();
    private final List<PendingAssignment> assignments = new ArrayList<>();

    private record PendingAssignment(E164 number, Target target, Obj entry) {}

    Loading(String fileName, Path baseDir) {
      this.yaml = new YamlReader(fileName);
      this.baseDir = baseDir;
    }

    LoadResult run(String text) {
      Node root = yaml.compose(text).orElse(null);
      Obj top = root == null ? null : yaml.object(root, "", TOP_KEYS);
      if (top == null) {
        return new LoadResult.Failed(yaml.errors());
      }
      numberPlan(top);
      numbers(top);
      mainNumber(top);
      flows(top);
      queues(top);
      mailboxes(top);
      users(top);
      for (PendingAssignment a : assignments) {
        if (!refusedTargets.contains(a.target())) {
          apply(new DirectoryCommand.AssignNumber(a.number(), a.target()), a.entry(), Map.of("number", "number", "assign", "assign"));
        }
      }
      gateways(top);
      outboundRoutes(top);
      List<QueueDefinition> queues = queuePolicies();
      checkUserVoicemail();
      List<ConfigError> errors = yaml.errors();
      if (!errors.isEmpty()) {
        return new LoadResult.Failed(errors);
      }
      Map<String, MailboxSettings> settings = new TreeMap<>();
      for (String mailboxId : state.mailboxes().keySet()) {
        settings.put(mailboxId, mailboxSettings.getOrDefault(mailboxId, MailboxSettings.DEFAULT));
      }
      return new LoadResult.Loaded(
          new DirectoryConfiguration(accepted, state, queues, agents(queues), settings, flows));
    }

    // -------------------------------------------------------------------------------------------
    // applying commands

    /**
     * Runs a command through the directory's rules; problems are reported at the node of the key
     * they name ({@code fieldKeys} maps a problem field to the entry's key), else at the entry.
     */
    private boolean apply(DirectoryCommand command, Obj entry, Map<String, String> fieldKeys) {
      DirectoryDecision decision = DirectoryDomain.decide(state, command);
      if (!decision.accepted()) {
        for (Problem problem : decision.problems()) {
          String key = fieldKeys.get(problem.field());
          if (key != null && entry.has(key)) {
            entry.error(key, problem.message());
          } else {
            yaml.error(entry.node(), entry.path(), problem.message());
          }
        }
        return false;
      }
      state = DirectoryDomain.evolveAll(state, decision.events());
      accepted.add(command);
      return true;
    }

    // -------------------------------------------------------------------------------------------
    // sections

    private void numberPlan(Obj top) {
      Obj plan = top.object("numberPlan", PLAN_KEYS);
      if (plan == null) {
        return;
      }
      String countryCode = plan.text("countryCode", true);
      String nationalPrefix = plan.has("nationalPrefix") ? plan.text("nationalPrefix", false) : "";
      String internationalPrefix = plan.text("internationalPrefix", true);
      List<Integer> lengths = new ArrayList<>();
      List<Node> lengthNodes = plan.has("nationalNumberLengths") ? plan.list("nationalNumberLengths") : null;
      if (lengthNodes == null) {
        plan.error(null, "missing key nationalNumberLengths; list the lengths of national numbers, e.g. [10]");
      } else {
        for (int i = 0; i < lengthNodes.size(); i++) {
          Integer length = yaml.integer(lengthNodes.get(i), YamlReader.index(plan.path("nationalNumberLengths"), i), 4, 14);
          if (length != null) {
            lengths.add(length);
          }
        }
      }
      if (countryCode == null || internationalPrefix == null || lengths.isEmpty()) {
        return;
      }
      List<Problem> problems = NumberPlan.problems(countryCode, nationalPrefix, internationalPrefix, lengths);
      if (!problems.isEmpty()) {
        problems.forEach(p -> plan.error(p.field(), p.message()));
        return;
      }
      apply(new DirectoryCommand.SetNumberPlan(new NumberPlan(countryCode, nationalPrefix, internationalPrefix, lengths)), plan,
          Map.of("nationalNumberLengths", "nationalNumberLengths"));
    }

    private void numbers(Obj top) {
      List<Node> items = top.list("numbers");
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("numbers", i), NUMBER_KEYS);
        if (entry != null) {
          number(entry);
        }
      }
    }

    private void number(Obj entry) {
      boolean portingIn = false;
      if (entry.has("state")) {
        String state = entry.text("state", false);
        if ("porting-in".equals(state)) {
          portingIn = true;
        } else if (state != null && !"available".equals(state)) {
          entry.error("state", "state " + state + " is unknown; use available or porting-in (assigned follows from assign)");
        }
      }
      Target target = entry.has("assign") ? assignTarget(entry) : null;
      if (entry.has("number") && entry.has("range")) {
        entry.error("range", "give either number or range, not both");
        return;
      }
      if (entry.has("range")) {
        if (entry.has("assign")) {
          entry.error("assign", "a range cannot be assigned; list its numbers one by one to assign them");
        }
        for (E164 number : range(entry)) {
          apply(new DirectoryCommand.AddNumber(number, portingIn), entry, Map.of("number", "range"));
        }
        return;
      }
      if (!entry.has("number")) {
        yaml.error(entry.node(), entry.path(), "missing key number (or range)");
        return;
      }
      E164 number = e164(entry.value("number"), entry.path("number"));
      if (number == null) {
        return;
      }
      if (apply(new DirectoryCommand.AddNumber(number, portingIn), entry, Map.of("number", "number")) && target != null) {
        assignments.add(new PendingAssignment(number, target, entry));
      }
    }

    private Target assignTarget(Obj entry) {
      Obj assign = entry.object("assign", ASSIGN_KEYS);
      if (assign == null) {
        return null;
      }
      if (assign.node() instanceof MappingNode mapping && mapping.getValue().size() != 1) {
        entry.error("assign", "assign names exactly one target: flow: ID, queue: ID or user: ID");
        return null;
      }
      for (String kind : List.of("flow", "queue", "user")) {
        if (assign.has(kind)) {
          String id = id(assign, kind, kind);
          if (id == null) {
            return null;
          }
          return switch (kind) {
            case "flow" -> Target.flow(id);
            case "queue" -> Target.queue(id);
            default -> Target.user(id);
          };
        }
      }
      return null;
    }

    private List<E164> range(Obj entry) {
      String text = entry.text("range", false);
      if (text == null) {
        return List.of();
      }
      String[] ends = text.split("\\.\\.", -1);
      if (ends.length != 2 || E164.problem(ends[0].trim()) != null || E164.problem(ends[1].trim()) != null) {
        entry.error("range", "range \"" + text + "\" is invalid; write FIRST..LAST in E.164, e.g. +15551000100..+15551000199");
        return List.of();
      }
      String first = ends[0].trim();
      String last = ends[1].trim();
      if (first.length() != last.length()) {
        entry.error("range", "range \"" + text + "\" ends on numbers of different lengths; both ends need as many digits");
        return List.of();
      }
      long from = Long.parseLong(first.substring(1));
      long to = Long.parseLong(last.substring(1));
      if (to < from) {
        entry.error("range", "range \"" + text + "\" goes backwards; write the lower number first");
        return List.of();
      }
      if (to - from + 1 > MAX_RANGE) {
        entry.error("range", "range \"" + text + "\" holds " + (to - from + 1) + " numbers; split it into ranges of at most " + MAX_RANGE);
        return List.of();
      }
      List<E164> numbers = new ArrayList<>();
      int width = first.length() - 1;
      for (long n = from; n <= to; n++) {
        numbers.add(E164.of("+" + String.format("%0" + width + "d", n)));
      }
      return numbers;
    }

    private void mainNumber(Obj top) {
      if (!top.has("mainNumber")) {
        return;
      }
      E164 number = e164(top.value("mainNumber"), "mainNumber");
      if (number != null) {
        apply(new DirectoryCommand.SetMainNumber(number), top, Map.of("mainNumber", "mainNumber"));
      }
    }

    private void flows(Obj top) {
      List<Node> items = top.list("flows");
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("flows", i), FLOW_KEYS);
        if (entry == null) {
          continue;
        }
        String id = id(entry, "id", "flow");
        String file = entry.text("file", true);
        if (id == null || file == null) {
          refuse(Target.Kind.FLOW, entry);
          continue;
        }
        if (apply(new DirectoryCommand.AddFlow(id, file), entry, Map.of("id", "id", "file", "file"))) {
          flows.add(new FlowReference(id, baseDir == null ? Path.of(file) : baseDir.resolve(file).normalize()));
        } else {
          refusedTargets.add(Target.flow(id));
        }
      }
    }

    private void queues(Obj top) {
      List<Node> items = top.list("queues");
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("queues", i), QUEUE_KEYS);
        if (entry == null) {
          continue;
        }
        String id = id(entry, "id", "queue");
        String name = entry.has("name") ? entry.text("name", false) : id;
        String extension = entry.has("extension") ? entry.text("extension", false) : null;
        if (id == null || name == null || (entry.has("extension") && extension == null)) {
          refuse(Target.Kind.QUEUE, entry);
          continue;
        }
        if (apply(new DirectoryCommand.AddQueue(id, name, extension), entry, Map.of("id", "id", "name", "name", "extension", "extension"))) {
          queueEntries.add(entry);
        } else {
          refusedTargets.add(Target.queue(id));
        }
      }
    }

    private void mailboxes(Obj top) {
      List<Node> items = top.list("mailboxes");
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("mailboxes", i), MAILBOX_KEYS);
        if (entry == null) {
          continue;
        }
        String id = id(entry, "id", "mailbox");
        String name = entry.has("name") ? entry.text("name", false) : id;
        MailboxSettings settings = mailboxSettings(entry);
        if (id == null || name == null) {
          rawId(entry, "id").ifPresent(refusedMailboxes::add);
          continue;
        }
        if (apply(new DirectoryCommand.AddSharedMailbox(id, name), entry, Map.of("id", "id", "name", "name"))) {
          if (settings != null) {
            mailboxSettings.put(id, settings);
          }
        } else {
          refusedMailboxes.add(id);
        }
      }
    }

    private void users(Obj top) {
      List<Node> items = top.list("users");
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("users", i), USER_KEYS);
        if (entry == null) {
          continue;
        }
        String id = id(entry, "id", "user");
        String name = entry.text("name", true);
        String extension = entry.has("extension") ? entry.text("extension", false) : null;
        List<String> endpoints = new ArrayList<>();
        List<Node> endpointNodes = entry.list("endpoints");
        boolean endpointsOk = true;
        for (int e = 0; e < endpointNodes.size(); e++) {
          String path = YamlReader.index(entry.path("endpoints"), e);
          String endpoint = yaml.text(endpointNodes.get(e), path);
          String problem = endpoint == null ? null : User.endpointProblem(endpoint);
          if (problem != null) {
            yaml.error(endpointNodes.get(e), path, problem);
          }
          if (endpoint == null || problem != null) {
            endpointsOk = false;
          } else {
            endpoints.add(endpoint);
          }
        }
        Boolean listed = entry.has("listedInDirectory") ? entry.bool("listedInDirectory") : Boolean.TRUE;
        Map<String, Integer> skills = entry.has("skills") ? skills(entry, "skills") : Map.of();
        if (entry.has("voicemail")) {
          Obj voicemail = entry.object("voicemail", MAILBOX_SETTING_KEYS);
          if (voicemail != null && id != null) {
            userVoicemail.put(id, voicemail);
          }
        }
        if (id == null || name == null || listed == null || !endpointsOk || (entry.has("extension") && extension == null)) {
          refuse(Target.Kind.USER, entry);
          continue;
        }
        boolean ok =
            apply(new DirectoryCommand.AddUser(id, extension, name, endpoints, listed), entry,
                Map.of("id", "id", "extension", "extension", "name", "name", "endpoints", "endpoints"));
        if (!ok) {
          refusedTargets.add(Target.user(id));
        } else if (skills != null && !skills.isEmpty()) {
          userSkills.put(id, skills);
        }
      }
    }

    private void gateways(Obj top) {
      List<Node> items = top.list("gateways");
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("gateways", i), GATEWAY_KEYS);
        if (entry == null) {
          continue;
        }
        String id = id(entry, "id", "gateway");
        String dialString = entry.text("dialString", true);
        if (dialString != null && Gateway.dialStringProblem(dialString) != null) {
          entry.error("dialString", Gateway.dialStringProblem(dialString));
          dialString = null;
        }
        CallerIdRule rule = entry.has("callerId") ? callerId(entry) : CallerIdRule.DEFAULT;
        if (id == null || dialString == null || rule == null) {
          rawId(entry, "id").ifPresent(refusedGateways::add);
          continue;
        }
        if (!apply(new DirectoryCommand.PutGateway(new Gateway(id, dialString, rule)), entry, Map.of("callerId", "callerId"))) {
          refusedGateways.add(id);
        }
      }
    }

    private CallerIdRule callerId(Obj entry) {
      Obj callerId = entry.object("callerId", CALLER_ID_KEYS);
      if (callerId == null) {
        return null;
      }
      CallerIdRule.Mode mode = CallerIdRule.Mode.MAIN_NUMBER;
      if (callerId.has("mode")) {
        String text = callerId.text("mode", false);
        mode = null;
        for (CallerIdRule.Mode m : CallerIdRule.Mode.values()) {
          if (m.configName().equals(text)) {
            mode = m;
          }
        }
        if (mode == null && text != null) {
          callerId.error("mode", "caller id mode " + text + " is unknown; use main-number, user-number, pass-through or fixed");
        }
      }
      CallerIdRule.Format format = CallerIdRule.Format.E164;
      if (callerId.has("format")) {
        String text = callerId.text("format", false);
        format = null;
        for (CallerIdRule.Format f : CallerIdRule.Format.values()) {
          if (f.configName().equals(text)) {
            format = f;
          }
        }
        if (format == null && text != null) {
          callerId.error("format", "caller id format " + text + " is unknown; use e164, digits or national");
        }
      }
      E164 number = callerId.has("number") ? e164(callerId.value("number"), callerId.path("number")) : null;
      String name = callerId.has("name") ? callerId.text("name", false) : null;
      if (mode == null || format == null || (callerId.has("number") && number == null) || (callerId.has("name") && name == null)) {
        return null;
      }
      try {
        return new CallerIdRule(mode, number, format, name);
      } catch (IllegalArgumentException e) {
        yaml.error(callerId.node(), callerId.path(), e.getMessage());
        return null;
      }
    }

    private void outboundRoutes(Obj top) {
      if (!top.has("outboundRoutes")) {
        return;
      }
      List<Node> items = top.list("outboundRoutes");
      List<OutboundRoute> routes = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Obj entry = yaml.object(items.get(i), YamlReader.index("outboundRoutes", i), ROUTE_KEYS);
        if (entry == null) {
          continue;
        }
        NumberPattern pattern = entry.has("pattern") ? pattern(entry.value("pattern"), entry.path("pattern")) : null;
        if (!entry.has("pattern")) {
          entry.error(null, "missing key pattern");
        }
        if (!entry.has("gateways")) {
          entry.error(null, "missing key gateways; list the gateways to try, in order");
        }
        List<String> gatewayIds = new ArrayList<>();
        List<Node> gatewayNodes = entry.list("gateways");
        for (int g = 0; g < gatewayNodes.size(); g++) {
          String path = YamlReader.index(entry.path("gateways"), g);
          String id = yaml.text(gatewayNodes.get(g), path);
          if (id == null || refusedGateways.contains(id)) {
            continue;
          }
          if (!state.gateways().containsKey(id)) {
            yaml.error(gatewayNodes.get(g), path, "unknown gateway " + id + "; define it under gateways");
          } else if (gatewayIds.contains(id)) {
            yaml.error(gatewayNodes.get(g), path, "gateway " + id + " is listed twice in this route; keep one");
          } else {
            gatewayIds.add(id);
          }
        }
        if (entry.has("gateways") && gatewayNodes.isEmpty()) {
          entry.error("gateways", "the route lists no gateway; give at least one");
        }
        if (pattern != null && !gatewayIds.isEmpty()) {
          routes.add(new OutboundRoute(pattern, gatewayIds));
        }
      }
      apply(new DirectoryCommand.SetOutboundRoutes(routes), top, Map.of("gateways", "outboundRoutes"));
    }

    // -------------------------------------------------------------------------------------------
    // queues: policies, members, actions

    private record ActionRef(QueueAction action, Node node, String path, String key) {}

    private List<QueueDefinition> queuePolicies() {
      List<QueueDefinition> definitions = new ArrayList<>();
      Map<String, ActionRef> overflowToQueue = new LinkedHashMap<>();
      Map<String, ActionRef> noAgentsToQueue = new LinkedHashMap<>();
      for (Obj entry : queueEntries) {
        String id = entry.text("id", false);
        List<ActionRef> actions = new ArrayList<>();
        QueuePolicy policy = policy(entry, actions);
        for (ActionRef ref : actions) {
          checkActionTarget(id, ref);
          if (ref.action() instanceof QueueAction.ToQueue q && !q.queueId().equals(id)) {
            if (ref.key().equals("overflowAction")) {
              overflowToQueue.put(id, ref);
            } else if (ref.key().equals("noAgents")) {
              noAgentsToQueue.put(id, ref);
            }
          }
        }
        List<QueueMembership> members = members(entry);
        if (policy != null) {
          io.switchboard.engine.directory.QueueEntry queue = state.queues().get(id);
          definitions.add(new QueueDefinition(id, queue.displayName(), queue.extension(), policy, members));
        }
      }
      reportLoops(overflowToQueue, "overflow actions", "when every queue of the loop is full");
      reportLoops(noAgentsToQueue, "no-agents actions", "when nobody is signed in to any queue of the loop");
      return definitions;
    }

    private QueuePolicy policy(Obj q, List<ActionRef> actions) {
      QueuePolicy d = QueuePolicy.defaults();
      RoutingMethod method = d.routingMethod();
      if (q.has("routingMethod")) {
        String text = q.text("routingMethod", false);
        try {
          method = text == null ? null : RoutingMethod.fromConfigName(text);
        } catch (IllegalArgumentException e) {
          q.error("routingMethod", e.getMessage());
          method = null;
        }
      }
      Boolean presence = q.has("presenceBasedRouting") ? q.bool("presenceBasedRouting") : Boolean.valueOf(d.presenceBasedRouting());
      Duration alert = q.has("agentAlertTime") ? q.duration("agentAlertTime") : d.agentAlertTime();
      Integer maxWaiting = q.has("maxCallsWaiting") ? q.integer("maxCallsWaiting", Integer.MIN_VALUE, Integer.MAX_VALUE) : Integer.valueOf(d.maxCallsWaiting());
      QueueAction overflow = q.has("overflowAction") ? action("overflowAction", q.value("overflowAction"), q.path("overflowAction"), actions) : d.overflowAction();
      Duration timeout = q.has("timeout") ? q.duration("timeout") : d.timeout();
      QueueAction timeoutAction = q.has("timeoutAction") ? action("timeoutAction", q.value("timeoutAction"), q.path("timeoutAction"), actions) : d.timeoutAction();
      NoAgentsPolicy noAgents = q.has("noAgents") ? noAgents(q, actions) : d.noAgents();
      String greeting = q.has("greeting") ? q.text("greeting", false) : d.greeting();
      String moh = q.has("musicOnHold") ? q.text("musicOnHold", false) : d.musicOnHold();
      Announcements announcements = q.has("announcements") ? announcements(q, d.announcements()) : d.announcements();
      Duration wrapUp = q.has("wrapUpTime") ? q.duration("wrapUpTime") : d.wrapUpTime();
      List<CallerPriorityRule> rules = q.has("callerPriorityRules") ? priorityRules(q) : d.callerPriorityRules();
      Integer missed = q.has("missedOffersBeforeAway") ? q.integer("missedOffersBeforeAway", Integer.MIN_VALUE, Integer.MAX_VALUE) : Integer.valueOf(d.missedOffersBeforeAway());
      Map<String, Integer> skills = q.has("requiredSkills") ? skills(q, "requiredSkills") : d.requiredSkills();
      boolean parsed =
          method != null && presence != null && alert != null && maxWaiting != null && overflow != null && timeout != null
              && timeoutAction != null && noAgents != null && (greeting != null || !q.has("greeting")) && moh != null
              && announcements != null && wrapUp != null && rules != null && missed != null && skills != null;
      // Validate what could be read even when something else could not, so all range errors show at once.
      try {
        QueuePolicy policy =
            new QueuePolicy(
                method == null ? d.routingMethod() : method,
                presence == null ? d.presenceBasedRouting() : presence,
                alert == null ? d.agentAlertTime() : alert,
                maxWaiting == null ? d.maxCallsWaiting() : maxWaiting,
                overflow == null ? d.overflowAction() : overflow,
                timeout == null ? d.timeout() : timeout,
                timeoutAction == null ? d.timeoutAction() : timeoutAction,
                noAgents == null ? d.noAgents() : noAgents,
                greeting,
                moh == null ? d.musicOnHold() : moh,
                announcements == null ? d.announcements() : announcements,
                wrapUp == null ? d.wrapUpTime() : wrapUp,
                rules == null ? d.callerPriorityRules() : rules,
                missed == null ? d.missedOffersBeforeAway() : missed,
                skills == null ? d.requiredSkills() : skills);
        return parsed ? policy : null;
      } catch (InvalidQueuePolicyException e) {
        for (Problem problem : e.problems()) {
          q.error(problem.field(), problem.message());
        }
        return null;
      }
    }

    private QueueAction action(String key, Node node, String path, List<ActionRef> actions) {
      QueueAction action = parseAction(node, path);
      if (action != null) {
        actions.add(new ActionRef(action, node, path, key));
      }
      return action;
    }

    private QueueAction parseAction(Node node, String path) {
      String usage = "an action is one of queue: ID, user: ID, voicemail: MAILBOX, flow: ID, number: +E164, disconnect: PROMPT (or just disconnect)";
      if (node instanceof ScalarNode scalar && !YamlReader.isNull(scalar)) {
        if (scalar.getValue().equals("disconnect")) {
          return new QueueAction.Disconnect(null);
        }
        yaml.error(node, path, "\"" + scalar.getValue() + "\" is not an action; " + usage);
        return null;
      }
      if (!(node instanceof MappingNode mapping)) {
        yaml.error(node, path, usage);
        return null;
      }
      if (mapping.getValue().size() != 1) {
        yaml.error(node, path, "give exactly one action; " + usage);
        return null;
      }
      Obj action = yaml.object(node, path, ACTION_KEYS);
      if (action == null) {
        return null;
      }
      NodeTuple only = mapping.getValue().get(0);
      String kind = ((ScalarNode) only.getKeyNode()).getValue();
      if (!ACTION_KEYS.contains(kind)) {
        return null;
      }
      if (kind.equals("disconnect")) {
        Node prompt = only.getValueNode();
        if (YamlReader.isNull(prompt)) {
          return new QueueAction.Disconnect(null);
        }
        String text = yaml.text(prompt, action.path("disconnect"));
        return text == null ? null : new QueueAction.Disconnect(text);
      }
      if (kind.equals("number")) {
        E164 number = e164(only.getValueNode(), action.path("number"));
        return number == null ? null : new QueueAction.ToOutsideNumber(number);
      }
      String word = kind.equals("voicemail") ? "mailbox" : kind;
      String id = id(action, kind, word);
      if (id == null) {
        return null;
      }
      return switch (kind) {
        case "queue" -> new QueueAction.ToQueue(id);
        case "user" -> new QueueAction.ToUser(id);
        case "voicemail" -> new QueueAction.ToVoicemail(id);
        default -> new QueueAction.ToFlow(id);
      };
    }

    private void checkActionTarget(String queueId, ActionRef ref) {
      String problem = null;
      if (ref.action() instanceof QueueAction.ToQueue q) {
        if (q.queueId().equals(queueId)) {
          problem = ref.key() + " sends calls back to queue " + queueId + " itself; choose another queue, a user, voicemail or a flow";
        } else if (!state.queues().containsKey(q.queueId()) && !refusedTargets.contains(Target.queue(q.queueId()))) {
          problem = "unknown queue " + q.queueId() + "; define it under queues first";
        }
      } else if (ref.action() instanceof QueueAction.ToUser u) {
        if (!state.users().containsKey(u.userId()) && !refusedTargets.contains(Target.user(u.userId()))) {
          problem = "unknown user " + u.userId() + "; define it under users first";
        }
      } else if (ref.action() instanceof QueueAction.ToFlow f) {
        if (!state.flows().containsKey(f.flowId()) && !refusedTargets.contains(Target.flow(f.flowId()))) {
          problem = "unknown flow " + f.flowId() + "; define it under flows first";
        }
      } else if (ref.action() instanceof QueueAction.ToVoicemail v) {
        if (!state.mailboxes().containsKey(v.mailboxId()) && !refusedMailboxes.contains(v.mailboxId())
            && !refusedTargets.contains(Target.user(v.mailboxId()))) {
          problem = state.users().containsKey(v.mailboxId())
              ? "mailbox " + v.mailboxId() + " does not exist: user " + v.mailboxId()
                  + " has no extension or number, and a user's mailbox is provisioned only then"
              : "unknown mailbox " + v.mailboxId() + "; define it under mailboxes, or name a user who has an extension";
        }
      }
      if (problem != null) {
        yaml.error(ref.node(), ref.path(), problem);
      }
    }

    private void reportLoops(Map<String, ActionRef> edges, String what, String when) {
      Set<String> reported = new HashSet<>();
      for (String start : edges.keySet()) {
        List<String> path = new ArrayList<>();
        String current = start;
        while (current != null && !path.contains(current)) {
          path.add(current);
          ActionRef next = edges.get(current);
          current = next == null ? null : ((QueueAction.ToQueue) next.action()).queueId();
        }
        if (current == null) {
          continue;
        }
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        if (!cycle.contains(start) || !reported.add(String.join(",", cycle.stream().sorted().toList()))) {
          continue;
        }
        List<String> shown = new ArrayList<>(cycle);
        shown.add(start);
        ActionRef first = edges.get(start);
        yaml.error(first.node(), first.path(), what + " loop: " + String.join(" -> ", shown) + "; " + when
            + " a call would bounce forever; end the chain with voicemail, a user, a flow, a number or disconnect");
      }
    }

    private NoAgentsPolicy noAgents(Obj q, List<ActionRef> actions) {
      Node node = q.value("noAgents");
      if (node instanceof ScalarNode scalar && "keep-waiting".equals(scalar.getValue())) {
        return NoAgentsPolicy.keepWaiting();
      }
      Obj obj = yaml.object(node, q.path("noAgents"), NO_AGENTS_KEYS);
      if (obj == null) {
        return null;
      }
      String modeText = obj.text("mode", true);
      NoAgentsPolicy.Mode mode = null;
      if (modeText != null) {
        try {
          mode = NoAgentsPolicy.Mode.fromConfigName(modeText);
        } catch (IllegalArgumentException e) {
          obj.error("mode", e.getMessage());
        }
      }
      QueueAction action = obj.has("action") ? action("noAgents", obj.value("action"), obj.path("action"), actions) : null;
      if (mode == null || (obj.has("action") && action == null)) {
        return null;
      }
      try {
        return new NoAgentsPolicy(mode, action);
      } catch (IllegalArgumentException e) {
        yaml.error(obj.node(), obj.path(), e.getMessage());
        return null;
      }
    }

    private Announcements announcements(Obj q, Announcements defaults) {
      Obj obj = q.object("announcements", ANNOUNCEMENT_KEYS);
      if (obj == null) {
        return null;
      }
      Boolean position = obj.has("position") ? obj.bool("position") : Boolean.valueOf(defaults.position());
      Boolean wait = obj.has("estimatedWait") ? obj.bool("estimatedWait") : Boolean.valueOf(defaults.estimatedWait());
      Duration interval = obj.has("interval") ? obj.duration("interval") : defaults.interval();
      if (position == null || wait == null || interval == null) {
        return null;
      }
      return new Announcements(position, wait, interval);
    }

    private List<CallerPriorityRule> priorityRules(Obj q) {
      List<Node> items = q.list("callerPriorityRules");
      List<CallerPriorityRule> rules = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < items.size(); i++) {
        Obj rule = yaml.object(items.get(i), YamlReader.index(q.path("callerPriorityRules"), i), PRIORITY_RULE_KEYS);
        if (rule == null) {
          ok = false;
          continue;
        }
        NumberPattern caller = rule.has("callerNumber") ? pattern(rule.value("callerNumber"), rule.path("callerNumber")) : null;
        NumberPattern dialed = rule.has("dialedNumber") ? pattern(rule.value("dialedNumber"), rule.path("dialedNumber")) : null;
        Integer priority = rule.has("priority") ? rule.integer("priority", QueuePolicy.MIN_PRIORITY, QueuePolicy.MAX_PRIORITY) : null;
        if (!rule.has("priority")) {
          rule.error(null, "missing key priority; give " + QueuePolicy.MIN_PRIORITY + " (lowest) to " + QueuePolicy.MAX_PRIORITY + " (highest)");
        }
        if (!rule.has("callerNumber") && !rule.has("dialedNumber")) {
          rule.error(null, "a caller priority rule needs callerNumber or dialedNumber (or both)");
          ok = false;
          continue;
        }
        if (priority == null || (rule.has("callerNumber") && caller == null) || (rule.has("dialedNumber") && dialed == null)) {
          ok = false;
          continue;
        }
        rules.add(new CallerPriorityRule(caller, dialed, priority));
      }
      return ok ? rules : null;
    }

    private List<QueueMembership> members(Obj q) {
      List<QueueMembership> members = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      List<Node> items = q.list("members");
      for (int i = 0; i < items.size(); i++) {
        String path = YamlReader.index(q.path("members"), i);
        Node item = items.get(i);
        String agent;
        int tier = 1;
        int order = i + 1;
        boolean presenceBased = true;
        Node agentNode = item;
        if (item instanceof ScalarNode) {
          agent = yaml.text(item, path);
        } else {
          Obj member = yaml.object(item, path, MEMBER_KEYS);
          if (member == null) {
            continue;
          }
          agent = member.text("agent", true);
          agentNode = member.at("agent");
          Integer t = member.has("tier") ? member.integer("tier", 1, 100) : Integer.valueOf(1);
          Integer o = member.has("order") ? member.integer("order", 0, 100_000) : Integer.valueOf(order);
          Boolean p = member.has("presenceBased") ? member.bool("presenceBased") : Boolean.TRUE;
          if (t == null || o == null || p == null) {
            continue;
          }
          tier = t;
          order = o;
          presenceBased = p;
          path = member.path("agent");
        }
        if (agent == null || refusedTargets.contains(Target.user(agent))) {
          continue;
        }
        if (!state.users().containsKey(agent)) {
          yaml.error(agentNode, path, "unknown user " + agent + "; agents are users, define it under users first");
        } else if (!seen.add(agent)) {
          yaml.error(agentNode, path, "agent " + agent + " is listed twice in this queue; keep one");
        } else {
          members.add(new QueueMembership(agent, tier, order, presenceBased));
        }
      }
      return members;
    }

    private List<AgentDefinition> agents(List<QueueDefinition> queues) {
      Set<String> ids = new LinkedHashSet<>(userSkills.keySet());
      for (QueueDefinition queue : queues) {
        for (QueueMembership member : queue.members()) {
          ids.add(member.agentId());
        }
      }
      List<AgentDefinition> agents = new ArrayList<>();
      for (String id : ids.stream().sorted().toList()) {
        agents.add(new AgentDefinition(id, userSkills.getOrDefault(id, Map.of())));
      }
      return agents;
    }

    // -------------------------------------------------------------------------------------------
    // voicemail settings

    private MailboxSettings mailboxSettings(Obj entry) {
      boolean any = MAILBOX_SETTING_KEYS.stream().anyMatch(entry::has);
      if (!any) {
        return null;
      }
      MailboxSettings d = MailboxSettings.DEFAULT;
      Duration max = entry.has("maxMessageLength") ? entry.duration("maxMessageLength") : d.maxMessageLength();
      Duration min = entry.has("minMessageLength") ? entry.duration("minMessageLength") : d.minMessageLength();
      Boolean silence = entry.has("silenceDetection") ? entry.bool("silenceDetection") : Boolean.valueOf(d.silenceDetection());
      Integer threshold = entry.has("silenceThreshold") ? entry.integer("silenceThreshold", Integer.MIN_VALUE, Integer.MAX_VALUE) : Integer.valueOf(d.silenceThreshold());
      Integer hits = entry.has("silenceHits") ? entry.integer("silenceHits", Integer.MIN_VALUE, Integer.MAX_VALUE) : Integer.valueOf(d.silenceHits());
      Integer maxMessages = entry.has("maxMessages") ? entry.integer("maxMessages", Integer.MIN_VALUE, Integer.MAX_VALUE) : Integer.valueOf(d.maxMessages());
      if (max == null || min == null || silence == null || threshold == null || hits == null || maxMessages == null) {
        return null;
      }
      List<Problem> problems = MailboxSettings.problems(max, min, threshold, hits, maxMessages);
      if (!problems.isEmpty()) {
        problems.forEach(p -> entry.error(p.field(), p.message()));
        return null;
      }
      return new MailboxSettings(max, min, silence, threshold, hits, maxMessages);
    }

    private void checkUserVoicemail() {
      for (Map.Entry<String, Obj> e : userVoicemail.entrySet()) {
        String userId = e.getKey();
        Obj settings = e.getValue();
        if (refusedTargets.contains(Target.user(userId))) {
          continue;
        }
        if (!state.mailboxes().containsKey(userId)) {
          yaml.error(settings.node(), settings.path(), "user " + userId
              + " has voicemail settings but no mailbox: a user's mailbox is provisioned when the user gets an extension or a number");
          continue;
        }
        MailboxSettings parsed = mailboxSettings(settings);
        if (parsed != null) {
          mailboxSettings.put(userId, parsed);
        }
      }
    }

    // -------------------------------------------------------------------------------------------
    // values

    private Map<String, Integer> skills(Obj owner, String key) {
      Node node = owner.value(key);
      if (!(node instanceof MappingNode mapping)) {
        yaml.error(node, owner.path(key), "skills are a mapping of skill name to level, e.g. {english: 5, billing: 3}");
        return null;
      }
      Map<String, Integer> skills = new TreeMap<>();
      boolean ok = true;
      for (NodeTuple tuple : mapping.getValue()) {
        String name = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        String path = owner.path(key) + "." + name;
        if (name != null && skills.containsKey(name)) {
          yaml.error(tuple.getKeyNode(), path, "skill " + name + " appears twice; keep one");
          ok = false;
          continue;
        }
        Integer level = yaml.integer(tuple.getValueNode(), path, Integer.MIN_VALUE, Integer.MAX_VALUE);
        String problem = level == null ? null : QueuePolicy.skillProblem(name, level);
        if (problem != null) {
          yaml.error(problem.startsWith("skill name") ? tuple.getKeyNode() : tuple.getValueNode(), path, problem);
        }
        if (level == null || problem != null) {
          ok = false;
        } else {
          skills.put(name, level);
        }
      }
      return ok ? skills : null;
    }

    private String id(Obj entry, String key, String kind) {
      String text = entry.text(key, true);
      if (text == null) {
        return null;
      }
      String problem = Ids.problem(kind, text);
      if (problem != null) {
        entry.error(key, problem);
        return null;
      }
      return text;
    }

    private static java.util.Optional<String> rawId(Obj entry, String key) {
      return entry.value(key) instanceof ScalarNode s && !YamlReader.isNull(s) ? java.util.Optional.of(s.getValue()) : java.util.Optional.empty();
    }

    private void refuse(Target.Kind kind, Obj entry) {
      rawId(entry, "id").ifPresent(id -> {
        if (Ids.isValid(id)) {
          refusedTargets.add(new Target(kind, id));
        }
      });
    }

    private E164 e164(Node node, String path) {
      String text = yaml.text(node, path);
      if (text == null) {
        return null;
      }
      String problem = E164.problem(text);
      if (problem != null) {
        yaml.error(node, path, problem);
        return null;
      }
      return E164.of(text);
    }

    private NumberPattern pattern(Node node, String path) {
      String text = yaml.text(node, path);
      if (text == null) {
        return null;
      }
      String problem = NumberPattern.problem(text);
      if (problem != null) {
        yaml.error(node, path, problem);
        return null;
      }
      return NumberPattern.of(text);
    }
  }
}
