package io.switchboard.flows.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.TestFlows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 365-day schedule check, from 2026-11-24 (TestFlows.TODAY). */
class ScheduleCheckTest {

  static String flow(String zone, String rules, String extra) {
    return """
        flow: s
        language: en-US
        timezone: %s
        start: hours
        nodes:
          hours:
            type: schedule
            rules:
        %s
        %s
            on-open: bye
            on-closed: bye
          bye:
            type: hangup
        """.formatted(zone, rules.indent(6).stripTrailing(), extra.indent(4).stripTrailing());
  }

  @Test
  void aScheduleThatCoversEveryMinuteOnceIsValid() {
    TestFlows.valid(flow("Europe/Paris", """
        - {days: mon-fri, hours: ["08:00-18:00"]}
        - {days: mon-fri, hours: ["00:00-08:00", "18:00-24:00"], branch: closed}
        - {days: sat-sun, hours: "00:00-24:00", branch: closed}
        """, ""));
  }

  @Test
  void reportsGapsWithTheirDatesAndHowOften() {
    List<String> errors = TestFlows.errors(flow("Europe/Paris", """
        - {days: mon-fri, hours: "08:00-18:00"}
        - {days: mon-fri, hours: ["00:00-08:00", "18:00-24:00"], branch: closed}
        """, ""));

    assertThat(errors).containsExactly("8:5: schedule 'hours': no rule covers Sat 2026-11-28 00:00 to Sun 2026-11-29 24:00, "
        + "Sat 2026-12-05 00:00 to Sun 2026-12-06 24:00, Sat 2026-12-12 00:00 to Sun 2026-12-13 24:00 and 49 more "
        + "(52 times in the next 365 days, Europe/Paris); add rules for these times, or set otherwise: closed [schedule-gap]");
  }

  @Test
  void otherwiseFillsGapsButOverlapsStillCount() {
    List<String> errors = TestFlows.errors(flow("Europe/Paris", """
        - {name: mornings, days: mon-fri, hours: "08:00-12:30"}
        - {name: afternoons, days: [mon, wed], hours: "12:00-18:00"}
        """, "otherwise: closed"));

    assertThat(errors).containsExactly("10:9: schedule 'hours': rule 1 'mornings' (mon-fri 08:00-12:30) and rule 2 "
        + "'afternoons' (mon,wed 12:00-18:00) both cover Wed 2026-11-25 12:00-12:30, Mon 2026-11-30 12:00-12:30, "
        + "Wed 2026-12-02 12:00-12:30 and 101 more (104 times in the next 365 days, Europe/Paris); make them meet "
        + "without overlapping, or remove one [schedule-overlap]");
  }

  @Test
  void walksRealInstantsSoTheSkippedHourOfDaylightSavingIsNoGap() {
    // given rules that leave 02:00-03:00 uncovered on Sundays: that hour does not exist on
    // 2027-03-14 in New York (clocks go from 02:00 to 03:00), so it is a gap on 51 Sundays, not 52
    List<String> errors = TestFlows.errors(flow("America/New_York", """
        - {days: mon-sat, hours: "00:00-24:00"}
        - {days: sun, hours: ["00:00-02:00", "03:00-24:00"]}
        """, ""));

    assertThat(errors).singleElement().asString()
        .startsWith("8:5: schedule 'hours': no rule covers Sun 2026-11-29 02:00-03:00, Sun 2026-12-06 02:00-03:00")
        .contains("(51 times in the next 365 days, America/New_York)");
  }

  @Test
  void reportsOverlappingHolidaysAndHoursWithinARule() {
    List<String> errors = TestFlows.errors(flow("Europe/Paris", """
        - {hours: ["00:00-12:00", "11:00-24:00"]}
        """, """
        holidays:
          - {name: Christmas, date: "12-25"}
          - {name: Closure, from: 2026-12-24, to: 2026-12-26}
          - {name: Past, from: 2020-01-01, to: 2020-01-02}
        on-holiday: bye"""));

    assertThat(errors).containsExactly(
        "9:33: schedule 'hours': rule 1 (every day 00:00-12:00, 11:00-24:00): hours 00:00-12:00 and 11:00-24:00 "
            + "overlap from 11:00 to 12:00; merge them or make them meet [schedule-overlap]",
        "12:9: schedule 'hours': holiday 1 'Christmas' (12-25 every year) and holiday 2 'Closure' (2026-12-24 to "
            + "2026-12-26) both cover Fri 2026-12-25 00:00-24:00 (1 time in the next 365 days, Europe/Paris); keep "
            + "only one of them [schedule-overlap]");
  }
}
