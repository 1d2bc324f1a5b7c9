package io.switchboard.flows.internal.compile;

import io.switchboard.flows.ErrorClass;
import io.switchboard.flows.internal.yaml.Pointers;
import io.switchboard.flows.model.ScheduleNode;
import io.switchboard.flows.model.ScheduleNode.Holiday;
import io.switchboard.flows.model.ScheduleNode.Rule;
import io.switchboard.flows.model.ScheduleNode.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that every minute of the next 365 days, in the schedule's time zone with its DST
 * changes, falls into exactly one branch: at most one holiday, otherwise exactly one weekly rule
 * (or no rule when {@code otherwise} is set). Walks real instants minute by minute, so a rule
 * written for a local time that does not exist on the day clocks go forward is not a gap, and the
 * hour repeated when they go back is checked twice. Reports each distinct overlap and the gaps
 * once, with the first dates they happen on and how often.
 */
final class ScheduleCheck {

  static final int DAYS = 365;
  private static final int SHOWN = 3;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ENGLISH);

  private final Problems problems;
  private final Instant checkFrom;

  ScheduleCheck(Problems problems, Instant checkFrom) {
    this.problems = problems;
    this.checkFrom = checkFrom;
  }

  void check(ScheduleNode s, String d) {
    String p = s.pointer();
    for (Rule r : s.rules()) {
      overlapsWithin(r.hours(), Pointers.child(p + "/rules", r.index()) + "/hours", d + ": " + r.describe());
    }
    for (Holiday h : s.holidays()) {
      overlapsWithin(h.hours(), Pointers.child(p + "/holidays", h.index()) + "/hours", d + ": " + h.describe());
    }
    List<Rule> rules = s.rules().stream().filter(r -> !r.hours().isEmpty() && !r.days().isEmpty()).toList();
    if (rules.isEmpty() && s.otherwise() == null) {
      return; // the schema or the binder reported why there is no usable rule
    }
    Map<Long, Finding> findings = walk(s.zone(), rules, s.holidays(), s.otherwise() == null);
    String zone = s.zone().getId();
    for (Finding f : findings.values()) {
      String when = f.describeRuns() + " (" + f.count + (f.count == 1 ? " time" : " times")
          + " in the next " + DAYS + " days, " + zone + ")";
      switch (f.kind) {
        case GAP -> problems.atKey(p + "/rules", ErrorClass.SCHEDULE_GAP, d + ": no rule covers " + when
            + "; add rules for these times, or set otherwise: closed");
        case RULES -> {
          Rule a = s.rules().get(f.first);
          Rule b = s.rules().get(f.second);
          problems.atValue(Pointers.child(p + "/rules", b.index()), ErrorClass.SCHEDULE_OVERLAP, d + ": "
              + a.describe() + " and " + b.describe() + " both cover " + when
              + "; make them meet without overlapping, or remove one");
        }
        case HOLIDAYS -> {
          Holiday a = s.holidays().get(f.first);
          Holiday b = s.holidays().get(f.second);
          problems.atValue(Pointers.child(p + "/holidays", b.index()), ErrorClass.SCHEDULE_OVERLAP, d + ": "
              + a.describe() + " and " + b.describe() + " both cover " + when + "; keep only one of them");
        }
        default -> throw new IllegalStateException(f.kind.toString());
      }
    }
  }

  private void overlapsWithin(List<TimeRange> ranges, String p, String what) {
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        TimeRange a = ranges.get(i);
        TimeRange b = ranges.get(j);
        int from = Math.max(a.start(), b.start());
        int to = Math.min(a.end(), b.end());
        if (from < to) {
          problems.atValue(Pointers.child(p, j), ErrorClass.SCHEDULE_OVERLAP, what + ": hours " + a + " and " + b
              + " overlap from " + TimeRange.hhmm(from) + " to " + TimeRange.hhmm(to)
              + "; merge them or make them meet");
        }
      }
    }
  }

  private enum Kind { GAP, RULES, HOLIDAYS }

  /** One kind of problem (a gap, or a given pair overlapping) and the runs of minutes it covers. */
  private static final class Finding {
    final Kind kind;
    final int first;
    final int second;
    final List<LocalDateTime[]> shown = new ArrayList<>();
    int count;

    Finding(Kind kind, int first, int second) {
      this.kind = kind;
      this.first = first;
      this.second = second;
    }

    String describeRuns() {
      List<String> parts = new ArrayList<>();
      for (LocalDateTime[] run : shown) {
        parts.add(describe(run[0], run[1]));
      }
      String text = String.join(", ", parts);
      return count > shown.size() ? text + " and " + (count - shown.size()) + " more" : text;
    }

    private static String describe(LocalDateTime from, LocalDateTime to) {
      LocalDate endDay = to.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? to.toLocalDate().minusDays(1) : to.toLocalDate();
      String end = to.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? "24:00" : hhmm(to);
      if (endDay.equals(from.toLocalDate())) {
        return DAY.format(from) + " " + hhmm(from) + "-" + end;
      }
      return DAY.format(from) + " " + hhmm(from) + " to " + DAY.format(endDay) + " " + end;
    }

    private static String hhmm(LocalDateTime t) {
      return TimeRange.hhmm(t.getHour() * 60 + t.getMinute());
    }
  }

  private Map<Long, Finding> walk(ZoneId zone, List<Rule> rules, List<Holiday> holidays, boolean gapsMatter) {
    ZoneRules zoneRules = zone.getRules();
    LocalDate firstDay = checkFrom.atZone(zone).toLocalDate();
    long start = firstDay.atStartOfDay(zone).toEpochSecond() / 60;
    long end = firstDay.plusDays(DAYS).atStartOfDay(zone).toEpochSecond() / 60;

    Map<Long, Finding> findings = new LinkedHashMap<>();
    long runCode = NONE;
    long runStart = 0;
    long previous = 0;

    // what covers each minute of the current local day: filled once per day from the ranges
    int[] first = new int[MINUTES];
    int[] second = new int[MINUTES];
    Kind[] kinds = new Kind[MINUTES];
    long day = Long.MIN_VALUE;

    long offsetMinutes = 0;
    long offsetValidUntil = Long.MIN_VALUE;
    for (long minute = start; minute < end; minute++) {
      if (minute >= offsetValidUntil) {
        Instant instant = Instant.ofEpochSecond(minute * 60);
        offsetMinutes = zoneRules.getOffset(instant).getTotalSeconds() / 60;
        ZoneOffsetTransition next = zoneRules.nextTransition(instant);
        offsetValidUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond() / 60;
      }
      // local wall-clock minutes since the epoch: the day and minute of day without allocating
      long local = minute + offsetMinutes;
      long epochDay = Math.floorDiv(local, MINUTES);
      if (epochDay != day) {
        day = epochDay;
        fillDay(LocalDate.ofEpochDay(epochDay), rules, holidays, gapsMatter, first, second, kinds);
      }
      int m = Math.floorMod(local, MINUTES);
      long code = kinds[m] == null ? NONE
          : ((long) kinds[m].ordinal() << 40) | ((long) (first[m] + 1) << 20) | (second[m] + 1);
      if (code != runCode) {
        close(findings, runCode, runStart, local);
        runCode = code;
        runStart = local;
      }
      previous = local;
    }
    close(findings, runCode, runStart, previous + 1);
    return findings;
  }

  private static final long NONE = -1;

  private static final int MINUTES = 24 * 60;

  /**
   * Works out, for each minute of one local day, whether it is a problem: two holidays, or no
   * holiday and two rules, or nothing at all when gaps matter. A holiday overrides the rules.
   */
  private static void fillDay(LocalDate day, List<Rule> rules, List<Holiday> holidays, boolean gapsMatter,
      int[] first, int[] second, Kind[] kinds) {
    java.util.Arrays.fill(first, -1);
    java.util.Arrays.fill(second, -1);
    boolean[] holiday = new boolean[MINUTES];
    for (Holiday h : holidays) {
      if (!h.coversDate(day)) {
        continue;
      }
      List<TimeRange> ranges = h.hours().isEmpty() ? List.of(new TimeRange(0, MINUTES)) : h.hours();
      for (TimeRange r : ranges) {
        for (int m = r.start(); m < r.end(); m++) {
          mark(first, second, m, h.index());
          holiday[m] = true;
        }
      }
    }
    for (int m = 0; m < MINUTES; m++) {
      kinds[m] = second[m] >= 0 ? Kind.HOLIDAYS : null;
    }
    int[] ruleFirst = new int[MINUTES];
    int[] ruleSecond = new int[MINUTES];
    java.util.Arrays.fill(ruleFirst, -1);
    java.util.Arrays.fill(ruleSecond, -1);
    for (Rule rule : rules) {
      if (!rule.days().contains(day.getDayOfWeek())) {
        continue;
      }
      for (TimeRange r : rule.hours()) {
        for (int m = r.start(); m < r.end(); m++) {
          mark(ruleFirst, ruleSecond, m, rule.index());
        }
      }
    }
    for (int m = 0; m < MINUTES; m++) {
      if (holiday[m]) {
        continue;
      }
      first[m] = ruleFirst[m];
      second[m] = ruleSecond[m];
      if (ruleSecond[m] >= 0) {
        kinds[m] = Kind.RULES;
      } else if (ruleFirst[m] < 0 && gapsMatter) {
        kinds[m] = Kind.GAP;
      }
    }
  }

  private static void mark(int[] first, int[] second, int minute, int index) {
    if (first[minute] < 0) {
      first[minute] = index;
    } else if (second[minute] < 0 && first[minute] != index) {
      second[minute] = index;
    }
  }

  private static void close(Map<Long, Finding> findings, long code, long from, long to) {
    if (code == NONE) {
      return;
    }
    Finding f = findings.computeIfAbsent(code, c -> new Finding(Kind.values()[(int) (c >> 40)],
        (int) ((c >> 20) & 0xFFFFF) - 1, (int) (c & 0xFFFFF) - 1));
    f.count++;
    if (f.shown.size() < SHOWN) {
      f.shown.add(new LocalDateTime[] {local(from), local(to)});
    }
  }

  /** A local wall-clock minute count back to a date and time. */
  private static LocalDateTime local(long localMinutes) {
    return LocalDateTime.ofEpochSecond(localMinutes * 60, 0, ZoneOffset.UTC);
  }
}
