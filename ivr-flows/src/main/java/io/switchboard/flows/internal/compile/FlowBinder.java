package io.switchboard.flows.internal.compile;

import static io.switchboard.flows.internal.compile.Values.bool;
import static io.switchboard.flows.internal.compile.Values.has;
import static io.switchboard.flows.internal.compile.Values.integer;
import static io.switchboard.flows.internal.compile.Values.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.internal.Suggestions;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.model.CollectNode;
import io.switchboard.flows.model.ConditionNode;
import io.switchboard.flows.model.DialByExtensionNode;
import io.switchboard.flows.model.DialByNameNode;
import io.switchboard.flows.model.Flow;
import io.switchboard.flows.model.HangupNode;
import io.switchboard.flows.model.Localized;
import io.switchboard.flows.model.MenuNode;
import io.switchboard.flows.model.Node;
import io.switchboard.flows.model.PlayNode;
import io.switchboard.flows.model.PromptPart;
import io.switchboard.flows.model.PromptSpec;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.model.SetNode;
import io.switchboard.flows.model.TransferNode;
import io.switchboard.flows.model.VoicemailNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a schema-checked flow document into the {@link Flow} model, checking values the schema
 * cannot (real dates, time zones, time ranges, regular expressions, prompt references and
 * translations). Lenient: a value the schema already rejected is skipped silently, so each problem
 * is reported once. One instance per compilation; not thread-safe.
 */
final class FlowBinder {

  static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  static final Duration MIN_RECORDING = Duration.ofSeconds(5);
  static final Duration MAX_RECORDING = Duration.ofHours(1);

  private static final Pattern FULL_DATE = Pattern.compile("^([0-9]{4})-([0-9]{2})-([0-9]{2})$");
  private static final Pattern YEARLY_DATE = Pattern.compile("^([0-9]{2})-([0-9]{2})$");
  private static final Pattern TIME_RANGE = Pattern.compile("^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$");
  private static final Pattern DAY_RANGE =
      Pattern.compile("^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$");
  private static final Pattern PROMPT_ID = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
  static final List<String> NODE_TYPES = List.of("menu", "play", "collect", "schedule", "dial-by-extension",
      "dial-by-name", "transfer", "condition", "set", "voicemail", "hangup");

  /** The model plus what the validator needs to know about nodes that could not be read. */
  record Bound(Flow flow, Set<String> unreadableNodes) {}

  private final Problems problems;
  private List<String> languages = List.of();
  private Set<String> libraryIds = Set.of();

  FlowBinder(Problems problems) {
    this.problems = problems;
  }

  Bound bind(JsonNode root) {
    String id = text(root, "flow", "");
    String language = text(root, "language", "");
    List<String> langs = new ArrayList<>();
    if (root.path("languages").isArray()) {
      for (JsonNode l : root.get("languages")) {
        if (l.isTextual() && LANGUAGE.matcher(l.asText()).matches() && !langs.contains(l.asText())) {
          langs.add(l.asText());
        }
      }
      if (!language.isEmpty() && LANGUAGE.matcher(language).matches() && !langs.contains(language)) {
        problems.atValue("/language", ErrorClass.UNKNOWN_LANGUAGE,
            "language '" + language + "' is not in languages " + langs + "; add it to languages or pick one of them");
      }
    }
    if (langs.isEmpty() && !language.isEmpty()) {
      langs.add(language);
    }
    this.languages = List.copyOf(langs);

    String defaultVoice = "";
    Map<String, String> voices = new LinkedHashMap<>();
    JsonNode voice = root.get("voice");
    if (voice != null && voice.isTextual()) {
      defaultVoice = voice.asText();
    } else if (voice != null && voice.isObject()) {
      voice.properties().forEach(e -> {
        if (e.getValue().isTextual()) {
          voices.put(e.getKey(), e.getValue().asText());
          checkLanguageOffered(Pointers.child("/voice", e.getKey()), true, e.getKey(), "voice language");
        }
      });
    }

    ZoneId zone = zone(root, "/timezone", "");
    String start = text(root, "start", "");

    Set<String> ids = new HashSet<>();
    JsonNode promptsNode = root.get("prompts");
    if (promptsNode != null && promptsNode.isObject()) {
      promptsNode.fieldNames().forEachRemaining(ids::add);
    }
    this.libraryIds = Set.copyOf(ids);
    Map<String, PromptSpec> prompts = new LinkedHashMap<>();
    if (promptsNode != null && promptsNode.isObject()) {
      for (Map.Entry<String, JsonNode> e : promptsNode.properties()) {
        String p = Pointers.child("/prompts", e.getKey());
        PromptSpec spec = prompt(e.getValue(), p, e.getKey(), "prompt '" + e.getKey() + "'", true);
        if (spec != null) {
          prompts.put(e.getKey(), spec);
        }
      }
    }

    Map<String, Node> nodes = new LinkedHashMap<>();
    Set<String> unreadable = new HashSet<>();
    JsonNode nodesNode = root.get("nodes");
    if (nodesNode != null && nodesNode.isObject()) {
      for (Map.Entry<String, JsonNode> e : nodesNode.properties()) {
        Node node = node(e.getKey(), e.getValue(), zone);
        if (node == null) {
          unreadable.add(e.getKey());
        } else {
          nodes.put(e.getKey(), node);
        }
      }
    }
    Flow flow = new Flow(id, text(root, "description", ""), language, languages, defaultVoice, voices, zone, start,
        prompts, nodes);
    return new Bound(flow, Set.copyOf(unreadable));
  }

  // ---- nodes -----------------------------------------------------------------------------------

  private Node node(String id, JsonNode n, ZoneId flowZone) {
    if (n == null || !n.isObject()) {
      return null;
    }
    String type = text(n, "type");
    if (type == null || !NODE_TYPES.contains(type)) {
      return null;
    }
    String p = Pointers.child("/nodes", id);
    String ctx = type + " '" + id + "'";
    return switch (type) {
      case "menu" -> menu(id, n, p, ctx);
      case "play" -> new PlayNode(id, prompt(n, "prompt", p, id), bool(n, "interruptible", false), text(n, "next"));
      case "collect" -> collect(id, n, p, ctx);
      case "schedule" -> schedule(id, n, p, ctx, flowZone);
      case "dial-by-extension" -> dialByExtension(id, n, p, ctx);
      case "dial-by-name" -> dialByName(id, n, p, ctx);
      case "transfer" -> transfer(id, n, p);
      case "condition" -> condition(id, n, p, ctx);
      case "set" -> set(id, n, p, ctx);
      case "voicemail" -> new VoicemailNode(id, text(n, "mailbox", ""), prompt(n, "greeting", p, id),
          duration(n, p, ctx, "max-length", Duration.ofMinutes(3), MIN_RECORDING, MAX_RECORDING));
      default -> new HangupNode(id, text(n, "cause", "NORMAL_CLEARING"));
    };
  }

  private MenuNode menu(String id, JsonNode n, String p, String ctx) {
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode opts = n.get("options");
    if (opts != null && opts.isObject()) {
      opts.properties().forEach(e -> {
        if (e.getValue().isTextual() && e.getKey().matches("^[0-9*#]$")) {
          options.put(e.getKey(), e.getValue().asText());
        }
      });
    }
    String repeat = text(n, "repeat");
    if (repeat != null && !repeat.matches("^[0-9*#]$")) {
      repeat = null;
    }
    return new MenuNode(id, prompt(n, "prompt", p, id), options,
        duration(n, p, ctx, "timeout", Duration.ofSeconds(5), MIN_TIMEOUT, MAX_TIMEOUT),
        integer(n, "retries", 2), repeat, prompt(n, "invalid-prompt", p, id), prompt(n, "timeout-prompt", p, id),
        text(n, "on-timeout"), text(n, "on-invalid"));
  }

  private CollectNode collect(String id, JsonNode n, String p, String ctx) {
    Pattern pattern = null;
    String regex = text(n, "pattern");
    if (regex != null) {
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        problems.atValue(p + "/pattern", ErrorClass.INVALID_PATTERN,
            ctx + ": pattern '" + regex + "' is not a valid regular expression (" + e.getDescription()
                + " near index " + e.getIndex() + "); fix it or remove it");
      }
    }
    return new CollectNode(id, prompt(n, "prompt", p, id), text(n, "variable", ""),
        integer(n, "min-length", 1), integer(n, "max-length", 16), terminator(n), pattern,
        duration(n, p, ctx, "timeout", Duration.ofSeconds(5), MIN_TIMEOUT, MAX_TIMEOUT),
        duration(n, p, ctx, "inter-digit-timeout", Duration.ofSeconds(3), MIN_TIMEOUT, MAX_TIMEOUT),
        integer(n, "retries", 2), prompt(n, "invalid-prompt", p, id), text(n, "next"), text(n, "on-failure"));
  }

  private DialByExtensionNode dialByExtension(String id, JsonNode n, String p, String ctx) {
    return new DialByExtensionNode(id, prompt(n, "prompt", p, id), integer(n, "min-length", 1),
        integer(n, "max-length", 6), terminator(n),
        duration(n, p, ctx, "timeout", Duration.ofSeconds(5), MIN_TIMEOUT, MAX_TIMEOUT),
        duration(n, p, ctx, "inter-digit-timeout", Duration.ofSeconds(3), MIN_TIMEOUT, MAX_TIMEOUT),
        integer(n, "retries", 2), prompt(n, "not-found-prompt", p, id), text(n, "on-failure"));
  }

  private DialByNameNode dialByName(String id, JsonNode n, String p, String ctx) {
    DialByNameNode.Search search = switch (text(n, "search", "last-name")) {
      case "first-name" -> DialByNameNode.Search.FIRST_NAME;
      case "any-name" -> DialByNameNode.Search.ANY_NAME;
      default -> DialByNameNode.Search.LAST_NAME;
    };
    return new DialByNameNode(id, prompt(n, "prompt", p, id), search, integer(n, "min-letters", 2),
        integer(n, "max-letters", 8), integer(n, "max-matches", 5), "always".equals(text(n, "confirm")),
        prompt(n, "match-prompt", p, id), terminator(n),
        duration(n, p, ctx, "timeout", Duration.ofSeconds(5), MIN_TIMEOUT, MAX_TIMEOUT),
        duration(n, p, ctx, "inter-digit-timeout", Duration.ofSeconds(3), MIN_TIMEOUT, MAX_TIMEOUT),
        integer(n, "retries", 2), prompt(n, "no-match-prompt", p, id), prompt(n, "too-many-prompt", p, id),
        text(n, "on-failure"));
  }

  private TransferNode transfer(String id, JsonNode n, String p) {
    TransferTarget target;
    if (has(n, "queue")) {
      target = new TransferTarget.Queue(text(n, "queue", ""));
    } else if (has(n, "user")) {
      target = new TransferTarget.User(text(n, "user", ""));
    } else if (has(n, "extension")) {
      target = new TransferTarget.Extension(text(n, "extension", ""));
    } else if (has(n, "number")) {
      target = new TransferTarget.OutsideNumber(text(n, "number", ""));
    } else if (has(n, "flow")) {
      target = new TransferTarget.Flow(text(n, "flow", ""));
    } else if (has(n, "mailbox")) {
      target = new TransferTarget.Voicemail(text(n, "mailbox", ""));
    } else {
      target = new TransferTarget.Operator();
    }
    return new TransferNode(id, target, prompt(n, "prompt", p, id), text(n, "on-failure"));
  }

  private SetNode set(String id, JsonNode n, String p, String ctx) {
    Map<String, String> vars = new LinkedHashMap<>();
    JsonNode v = n.get("variables");
    if (v != null && v.isObject()) {
      v.properties().forEach(e -> {
        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          vars.put(e.getKey(), e.getValue().asText());
        }
      });
    }
    String language = text(n, "language");
    if (language != null && !checkLanguageOffered(p + "/language", false, language, ctx + ": language")) {
      language = null;
    }
    return new SetNode(id, vars, language, text(n, "next"));
  }

  private ConditionNode condition(String id, JsonNode n, String p, String ctx) {
    List<ConditionNode.Branch> branches = new ArrayList<>();
    JsonNode bs = n.get("branches");
    if (bs != null && bs.isArray()) {
      for (int i = 0; i < bs.size(); i++) {
        JsonNode b = bs.get(i);
        if (!b.isObject()) {
          continue;
        }
        String bp = Pointers.child(p + "/branches", i);
        String label = text(b, "name", "when#" + (i + 1));
        JsonNode w = b.path("when");
        String wp = bp + "/when";
        List<String> langs = Values.texts(w.get("language"));
        for (int k = 0; k < langs.size(); k++) {
          String lp = w.path("language").isArray() ? Pointers.child(wp + "/language", k) : wp + "/language";
          checkLanguageOffered(lp, false, langs.get(k), ctx + ": branch " + (i + 1) + " language");
        }
        JsonNode eq = w.get("equals");
        ConditionNode.When when = new ConditionNode.When(
            matchers(w.get("caller"), wp + "/caller", ctx),
            matchers(w.get("caller-name"), wp + "/caller-name", ctx),
            matchers(w.get("dialled"), wp + "/dialled", ctx),
            langs,
            text(w, "variable"),
            eq != null && eq.isValueNode() && !eq.isNull() ? eq.asText() : null,
            matchers(w.get("matches"), wp + "/matches", ctx),
            w.has("present") && w.get("present").isBoolean() ? w.get("present").asBoolean() : null);
        if (when.variable() == null && (when.equalsValue() != null || !when.matches().isEmpty() || when.present() != null)) {
          problems.atValue(wp, ErrorClass.MISSING_FIELD,
              ctx + ": branch " + (i + 1) + " tests equals, matches or present without saying which variable; add variable: <name>");
        }
        if (when.variable() != null && when.equalsValue() == null && when.matches().isEmpty() && when.present() == null) {
          problems.atValue(wp + "/variable", ErrorClass.MISSING_FIELD,
              ctx + ": branch " + (i + 1) + " names variable '" + when.variable()
                  + "' but no test; add equals, matches or present");
        }
        branches.add(new ConditionNode.Branch(i, label, when, text(b, "next")));
      }
    }
    return new ConditionNode(id, branches, text(n, "otherwise"));
  }

  private List<ConditionNode.Matcher> matchers(JsonNode n, String p, String ctx) {
    List<ConditionNode.Matcher> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    List<String> sources = Values.texts(n);
    for (int i = 0; i < sources.size(); i++) {
      String s = sources.get(i);
      String sp = n.isArray() ? Pointers.child(p, i) : p;
      ConditionNode.Matcher m = matcher(s, sp, ctx);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** A glob (* and ?) or a /regex/. */
  ConditionNode.Matcher matcher(String source, String p, String ctx) {
    if (source.length() >= 2 && source.startsWith("/") && source.endsWith("/")) {
      String regex = source.substring(1, source.length() - 1);
      try {
        return new ConditionNode.Matcher(source, Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        problems.atValue(p, ErrorClass.INVALID_PATTERN,
            ctx + ": '" + source + "' is not a valid regular expression (" + e.getDescription() + " near index "
                + e.getIndex() + "); fix it, or write a plain pattern with * and ?");
        return null;
      }
    }
    StringBuilder regex = new StringBuilder();
    for (char c : source.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new ConditionNode.Matcher(source, Pattern.compile(regex.toString()));
  }

  // ---- schedules -------------------------------------------------------------------------------

  private ScheduleNode schedule(String id, JsonNode n, String p, String ctx, ZoneId flowZone) {
    ZoneId zone = has(n, "timezone") ? zone(n, p + "/timezone", ctx) : flowZone;
    if (!has(n, "timezone") && flowZone == null && !problems.doc().at("/timezone").isPresent()) {
      problems.atKey(p, ErrorClass.MISSING_FIELD,
          ctx + ": no time zone; add timezone: <IANA id such as Europe/Paris> to this node or to the flow");
    }
    List<ScheduleNode.Rule> rules = new ArrayList<>();
    JsonNode rs = n.get("rules");
    if (rs != null && rs.isArray()) {
      for (int i = 0; i < rs.size(); i++) {
        JsonNode r = rs.get(i);
        if (!r.isObject()) {
          continue;
        }
        String rp = Pointers.child(p + "/rules", i);
        String what = ctx + ": rule " + (i + 1);
        Set<DayOfWeek> days = r.has("days") ? days(r.get("days")) : EnumSet.allOf(DayOfWeek.class);
        String daysText = r.has("days") ? String.join(",", Values.texts(r.get("days"))) : "every day";
        List<ScheduleNode.TimeRange> hours = ranges(r.get("hours"), rp + "/hours", what);
        ScheduleNode.Branch branch = "closed".equals(text(r, "branch")) ? ScheduleNode.Branch.CLOSED : ScheduleNode.Branch.OPEN;
        rules.add(new ScheduleNode.Rule(i, text(r, "name", ""), days, daysText, hours, branch));
      }
    }
    List<ScheduleNode.Holiday> holidays = new ArrayList<>();
    JsonNode hs = n.get("holidays");
    if (hs != null && hs.isArray()) {
      for (int i = 0; i < hs.size(); i++) {
        JsonNode h = hs.get(i);
        if (!h.isObject()) {
          continue;
        }
        String hp = Pointers.child(p + "/holidays", i);
        String what = ctx + ": holiday " + (i + 1);
        List<ScheduleNode.TimeRange> hours = ranges(h.get("hours"), hp + "/hours", what);
        String date = text(h, "date");
        if (date != null) {
          if (YEARLY_DATE.matcher(date).matches()) {
            MonthDay md = monthDay(date, hp + "/date", what);
            if (md != null) {
              holidays.add(new ScheduleNode.Holiday(i, text(h, "name", ""), null, null, md, hours));
            }
          } else {
            LocalDate d = date(date, hp + "/date", what);
            if (d != null) {
              holidays.add(new ScheduleNode.Holiday(i, text(h, "name", ""), d, d, null, hours));
            }
          }
        } else {
          LocalDate from = date(text(h, "from"), hp + "/from", what);
          LocalDate to = date(text(h, "to"), hp + "/to", what);
          if (from != null && to != null) {
            if (from.isAfter(to)) {
              problems.atValue(hp + "/to", ErrorClass.EMPTY_RULE,
                  what + " ends (to " + to + ") before it starts (from " + from + "), so it covers no day; swap from and to");
            } else {
              holidays.add(new ScheduleNode.Holiday(i, text(h, "name", ""), from, to, null, hours));
            }
          }
        }
      }
    }
    String otherwise = text(n, "otherwise");
    ScheduleNode.Branch other = otherwise == null ? null
        : otherwise.equals("closed") ? ScheduleNode.Branch.CLOSED : otherwise.equals("open") ? ScheduleNode.Branch.OPEN : null;
    return new ScheduleNode(id, zone, rules, holidays, other, text(n, "on-open"), text(n, "on-closed"),
        text(n, "on-holiday"));
  }

  private static Set<DayOfWeek> days(JsonNode n) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String s : Values.texts(n)) {
      var m = DAY_RANGE.matcher(s);
      if (!m.matches()) {
        continue;
      }
      DayOfWeek from = day(m.group(1));
      DayOfWeek to = m.group(3) == null ? from : day(m.group(3));
      DayOfWeek d = from;
      while (true) {
        out.add(d);
        if (d == to) {
          break;
        }
        d = d.plus(1);
      }
    }
    return out;
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT).equals(abbreviation)) {
        return d;
      }
    }
    throw new IllegalArgumentException(abbreviation);
  }

  private List<ScheduleNode.TimeRange> ranges(JsonNode n, String p, String what) {
    List<ScheduleNode.TimeRange> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    List<String> texts = Values.texts(n);
    for (int i = 0; i < texts.size(); i++) {
      String rp = n.isArray() ? Pointers.child(p, i) : p;
      ScheduleNode.TimeRange r = range(texts.get(i), rp, what);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private ScheduleNode.TimeRange range(String text, String p, String what) {
    var m = TIME_RANGE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int sh = Integer.parseInt(m.group(1));
    int sm = Integer.parseInt(m.group(2));
    int eh = Integer.parseInt(m.group(3));
    int em = Integer.parseInt(m.group(4));
    if (sh > 23 || sm > 59) {
      problems.atValue(p, ErrorClass.INVALID_TIME_RANGE, what + ": '" + text + "' starts at " + m.group(1) + ":"
          + m.group(2) + ", which is not a time of day; use 00:00 to 23:59");
      return null;
    }
    if (eh > 24 || em > 59 || (eh == 24 && em != 0)) {
      problems.atValue(p, ErrorClass.INVALID_TIME_RANGE, what + ": '" + text + "' ends at " + m.group(3) + ":"
          + m.group(4) + ", which is not a time of day; use 00:01 to 23:59, or 24:00 for the end of the day");
      return null;
    }
    int start = sh * 60 + sm;
    int end = eh * 60 + em;
    if (start == end) {
      problems.atValue(p, ErrorClass.EMPTY_RULE, what + ": '" + text
          + "' starts and ends at the same time, so it covers no time; give it a later end, or remove it");
      return null;
    }
    if (start > end) {
      problems.atValue(p, ErrorClass.INVALID_TIME_RANGE, what + ": '" + text
          + "' ends before it starts; a range cannot cross midnight: split it into "
          + ScheduleNode.TimeRange.hhmm(start) + "-24:00 and 00:00-" + ScheduleNode.TimeRange.hhmm(end)
          + " of the next day");
      return null;
    }
    return new ScheduleNode.TimeRange(start, end);
  }

  private LocalDate date(String text, String p, String what) {
    if (text == null) {
      return null;
    }
    var m = FULL_DATE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    if (month < 1 || month > 12) {
      problems.atValue(p, ErrorClass.INVALID_DATE, what + ": " + text + " is not a date: there is no month "
          + month + "; write YYYY-MM-DD with a month from 01 to 12");
      return null;
    }
    int length = YearMonth.of(year, month).lengthOfMonth();
    if (day < 1 || day > length) {
      problems.atValue(p, ErrorClass.INVALID_DATE, what + ": " + text + " is not a date: "
          + Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + year + " has " + length + " days");
      return null;
    }
    return LocalDate.of(year, month, day);
  }

  private MonthDay monthDay(String text, String p, String what) {
    var m = YEARLY_DATE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int month = Integer.parseInt(m.group(1));
    int day = Integer.parseInt(m.group(2));
    if (month < 1 || month > 12) {
      problems.atValue(p, ErrorClass.INVALID_DATE, what + ": " + text + " is not a date: there is no month "
          + month + "; write MM-DD with a month from 01 to 12");
      return null;
    }
    int max = Month.of(month).maxLength();
    if (day < 1 || day > max) {
      problems.atValue(p, ErrorClass.INVALID_DATE, what + ": " + text + " is not a date: "
          + Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " has at most " + max + " days");
      return null;
    }
    return MonthDay.of(month, day);
  }

  private ZoneId zone(JsonNode parent, String p, String ctx) {
    String field = p.substring(p.lastIndexOf('/') + 1);
    String text = text(parent, field);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      problems.atValue(p, ErrorClass.INVALID_TIME_ZONE, (ctx.isEmpty() ? "" : ctx + ": ") + "timezone '" + text
          + "' is not a time zone id" + Suggestions.hint(text, ZoneId.getAvailableZoneIds(),
              "use an IANA id such as Europe/Paris or America/New_York"));
      return null;
    }
  }

  // ---- prompts ---------------------------------------------------------------------------------

  private PromptSpec prompt(JsonNode node, String field, String nodePointer, String nodeId) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    String p = nodePointer + "/" + field;
    String ctx = text(node, "type", "node") + " '" + nodeId + "'";
    return prompt(value, p, nodeId + "." + field, ctx + ": " + field, false);
  }

  /** A prompt value: an id, an item, or a list of them; null if unusable. */
  private PromptSpec prompt(JsonNode value, String p, String inlineLabel, String what, boolean inLibrary) {
    List<PromptPart> parts = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    if (value.isTextual()) {
      PromptPart part = ref(value.asText(), p, what, inLibrary);
      if (part == null) {
        return null;
      }
      return new PromptSpec(value.asText(), List.of(part));
    }
    if (value.isObject()) {
      PromptPart part = item(value, p, what);
      return part == null ? null : new PromptSpec(inlineLabel, List.of(part));
    }
    if (!value.isArray()) {
      return null;
    }
    boolean allRefs = true;
    for (int i = 0; i < value.size(); i++) {
      JsonNode e = value.get(i);
      String ep = Pointers.child(p, i);
      PromptPart part = null;
      if (e.isTextual()) {
        part = ref(e.asText(), ep, what, inLibrary);
        refs.add(e.asText());
      } else if (e.isObject()) {
        part = item(e, ep, what);
        allRefs = false;
      }
      if (part != null) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    String label = allRefs && !inLibrary ? String.join("+", refs) : inlineLabel;
    return new PromptSpec(label, parts);
  }

  private PromptPart ref(String id, String p, String what, boolean inLibrary) {
    if (!PROMPT_ID.matcher(id).matches()) {
      return null;
    }
    if (inLibrary) {
      problems.atValue(p, ErrorClass.INVALID_VALUE, what + " refers to prompt '" + id
          + "'; a library prompt cannot refer to another one: write its items (audio, tone, say) instead");
      return null;
    }
    if (!libraryIds.contains(id)) {
      String hint = libraryIds.isEmpty() ? "; the flow has no prompts library: add prompts: {" + id + ": ...}"
          : Suggestions.hint(id, libraryIds, "add it to prompts, or to speak a text write {say: ...}");
      problems.atValue(p, ErrorClass.UNKNOWN_PROMPT, what + " refers to prompt '" + id
          + "', which the prompts library does not define" + hint);
      return null;
    }
    return new PromptPart.Ref(id);
  }

  private PromptPart item(JsonNode item, String p, String what) {
    int kinds = (item.has("audio") ? 1 : 0) + (item.has("tone") ? 1 : 0) + (item.has("say") ? 1 : 0);
    if (kinds != 1) {
      return null; // the schema reported it
    }
    if (!item.has("say") && (item.has("language") || item.has("voice"))) {
      String field = item.has("language") ? "language" : "voice";
      problems.atKey(p + "/" + field, ErrorClass.CONFLICTING_FIELDS,
          what + ": " + field + " only applies to say items; remove it or turn the item into say: ...");
    }
    if (item.has("tone")) {
      String spec = text(item, "tone");
      return spec == null ? null : new PromptPart.Tone(spec);
    }
    if (item.has("audio")) {
      Localized path = localized(item.get("audio"), p + "/audio", what + " audio", true);
      return path == null ? null : new PromptPart.Audio(path);
    }
    String language = text(item, "language");
    if (language != null && !checkLanguageOffered(p + "/language", false, language, what + ": language")) {
      language = null;
    }
    Localized text = localized(item.get("say"), p + "/say", what + " say", false);
    if (text == null) {
      return null;
    }
    if (text.single() != null && language == null && languages.size() > 1 && !item.has("language")) {
      problems.atValue(p + "/say", ErrorClass.MISSING_TRANSLATION, what + " say '" + text.single()
          + "' has one text but the flow offers " + String.join(" and ", languages)
          + "; give one text per language ({" + languages.get(0) + ": ..., " + languages.get(1)
          + ": ...}) or add language: <tag> to speak it as is");
    }
    if (text.single() == null && item.has("language")) {
      problems.atKey(p + "/language", ErrorClass.CONFLICTING_FIELDS,
          what + ": language applies to a single text; this say gives one text per language, so remove language");
    }
    return new PromptPart.Say(text, language, text(item, "voice"));
  }

  private Localized localized(JsonNode n, String p, String what, boolean audio) {
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      return Localized.of(n.asText());
    }
    if (!n.isObject()) {
      return null;
    }
    Map<String, String> per = new LinkedHashMap<>();
    n.properties().forEach(e -> {
      if (e.getValue().isTextual()) {
        per.put(e.getKey(), e.getValue().asText());
      }
    });
    for (String lang : per.keySet()) {
      checkLanguageOffered(Pointers.child(p, lang), true, lang, what + " language");
    }
    List<String> missing = new ArrayList<>();
    for (String lang : languages) {
      if (!per.containsKey(lang)) {
        missing.add(lang);
      }
    }
    if (!missing.isEmpty()) {
      problems.atValue(p, ErrorClass.MISSING_TRANSLATION, what + " has no " + (audio ? "file" : "text") + " for "
          + String.join(", ", missing) + ", which the flow offers; add " + missing.get(0) + ": ...");
    }
    return new Localized(null, per);
  }

  /** Whether the language is one the flow offers; reports it at the key or value if not. */
  private boolean checkLanguageOffered(String p, boolean atKey, String language, String what) {
    if (languages.isEmpty() || languages.contains(language)) {
      return true;
    }
    String message = what + " '" + language + "' is not one of the flow's languages ("
        + String.join(", ", languages) + ")" + Suggestions.hint(language, languages,
            "add it to languages or use one of them");
    if (atKey) {
      problems.atKey(p, ErrorClass.UNKNOWN_LANGUAGE, message);
    } else {
      problems.atValue(p, ErrorClass.UNKNOWN_LANGUAGE, message);
    }
    return false;
  }

  // ---- small values ----------------------------------------------------------------------------

  private Duration duration(JsonNode n, String p, String ctx, String field, Duration fallback, Duration min, Duration max) {
    Duration d = Values.duration(text(n, field));
    if (d == null) {
      return fallback;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.atValue(p + "/" + field, ErrorClass.INVALID_DURATION, ctx + ": " + field + " " + text(n, field)
          + " is too " + (d.compareTo(min) < 0 ? "short" : "long") + "; use " + Values.format(min) + " to "
          + Values.format(max));
      return fallback;
    }
    return d;
  }

  private static Character terminator(JsonNode n) {
    String t = text(n, "terminator", "#");
    if (t.equals("none") || t.length() != 1) {
      return t.equals("none") ? null : '#';
    }
    return t.charAt(0);
  }
}
