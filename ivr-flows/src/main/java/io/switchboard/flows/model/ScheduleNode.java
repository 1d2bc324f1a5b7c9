package io.switchboard.flows.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Branches on the current time in a time zone: holidays first, then weekly rules, then
 * {@code otherwise}.
 *
 * @param zone the time zone (the node's or the flow's); null when invalid or missing
 * @param otherwise the branch for minutes no rule covers, or null (then none may be uncovered)
 * @param onHoliday null: holidays go to onClosed
 */
public record ScheduleNode(
    String id,
    ZoneId zone,
    List<Rule> rules,
    List<Holiday> holidays,
    Branch otherwise,
    String onOpen,
    String onClosed,
    String onHoliday)
    implements Node {

  public ScheduleNode {
    rules = List.copyOf(rules);
    holidays = List.copyOf(holidays);
  }

  /** The branches of a schedule. */
  public enum Branch {
    OPEN("open"),
    CLOSED("closed"),
    HOLIDAY("holiday");

    private final String label;

    Branch(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Minutes of the day [start, end), 0..1440. */
  public record TimeRange(int start, int end) {
    public boolean contains(int minuteOfDay) {
      return minuteOfDay >= start && minuteOfDay < end;
    }

    @Override
    public String toString() {
      return hhmm(start) + "-" + hhmm(end);
    }

    public static String hhmm(int minutes) {
      return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
  }

  /**
   * A weekly rule.
   *
   * @param index 0-based position in the rules list
   * @param daysText the days as written, for messages
   */
  public record Rule(int index, String name, Set<DayOfWeek> days, String daysText, List<TimeRange> hours, Branch branch) {
    public Rule {
      days = Set.copyOf(days);
      hours = List.copyOf(hours);
    }

    public boolean covers(DayOfWeek day, int minuteOfDay) {
      if (!days.contains(day)) {
        return false;
      }
      for (TimeRange r : hours) {
        if (r.contains(minuteOfDay)) {
          return true;
        }
      }
      return false;
    }

    /** "rule 2 'weekday afternoons' (mon-fri 13:30-18:00)". */
    public String describe() {
      StringBuilder sb = new StringBuilder("rule ").append(index + 1);
      if (name != null && !name.isEmpty()) {
        sb.append(" '").append(name).append('\'');
      }
      List<String> ranges = new ArrayList<>();
      hours.forEach(h -> ranges.add(h.toString()));
      return sb.append(" (").append(daysText).append(' ').append(String.join(", ", ranges)).append(')').toString();
    }
  }

  /**
   * A holiday: a date range [from, to] or a yearly date, optionally only some hours of the day.
   *
   * @param yearly the date every year, or null for the from..to range
   */
  public record Holiday(int index, String name, LocalDate from, LocalDate to, MonthDay yearly, List<TimeRange> hours) {
    public Holiday {
      hours = List.copyOf(hours);
    }

    public boolean coversDate(LocalDate date) {
      if (yearly != null) {
        return MonthDay.from(date).equals(yearly);
      }
      return from != null && to != null && !date.isBefore(from) && !date.isAfter(to);
    }

    public boolean covers(LocalDate date, int minuteOfDay) {
      if (!coversDate(date)) {
        return false;
      }
      if (hours.isEmpty()) {
        return true;
      }
      for (TimeRange r : hours) {
        if (r.contains(minuteOfDay)) {
          return true;
        }
      }
      return false;
    }

    /** "holiday 1 'Christmas' (12-25)". */
    public String describe() {
      StringBuilder sb = new StringBuilder("holiday ").append(index + 1);
      if (name != null && !name.isEmpty()) {
        sb.append(" '").append(name).append('\'');
      }
      String when = yearly != null
          ? String.format("%02d-%02d every year", yearly.getMonthValue(), yearly.getDayOfMonth())
          : from.equals(to) ? from.toString() : from + " to " + to;
      if (!hours.isEmpty()) {
        List<String> ranges = new ArrayList<>();
        hours.forEach(h -> ranges.add(h.toString()));
        when += " " + String.join(", ", ranges);
      }
      return sb.append(" (").append(when).append(')').toString();
    }
  }

  @Override
  public String type() {
    return "schedule";
  }

  /** The node a branch leads to (holiday falls back to closed). */
  public String target(Branch branch) {
    return switch (branch) {
      case OPEN -> onOpen;
      case CLOSED -> onClosed;
      case HOLIDAY -> onHoliday != null ? onHoliday : onClosed;
    };
  }

  @Override
  public List<Edge> edges() {
    List<Edge> out = new ArrayList<>();
    if (onOpen != null) {
      out.add(new Edge("open", onOpen, true, pointer() + "/on-open"));
    }
    if (onClosed != null) {
      out.add(new Edge("closed", onClosed, true, pointer() + "/on-closed"));
    }
    if (onHoliday != null) {
      out.add(new Edge("holiday", onHoliday, true, pointer() + "/on-holiday"));
    }
    return out;
  }
}
