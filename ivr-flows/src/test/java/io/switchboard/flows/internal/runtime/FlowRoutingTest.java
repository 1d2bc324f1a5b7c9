package io.switchboard.flows.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.flows.CompiledFlow;
import io.switchboard.flows.FlowCommand;
import io.switchboard.flows.FlowCommand.Decision;
import io.switchboard.flows.FlowContext;
import io.switchboard.flows.Prompt;
import io.switchboard.flows.TestFlows;
import io.switchboard.flows.TransferTarget;
import io.switchboard.flows.directory.DirectoryUser;
import io.switchboard.flows.directory.StaticDirectory;
import io.switchboard.flows.simulation.Outcome;
import io.switchboard.flows.simulation.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules, conditions, dial by extension and by name, voicemail: decisions and where calls go. */
class FlowRoutingTest {

  static final StaticDirectory DIRECTORY = new StaticDirectory(List.of(
      new DirectoryUser("alice", "201", "Alice Martin"),
      new DirectoryUser("alan", "202", "Alan Marsh"),
      new DirectoryUser("chloe", "204", "Chloé Durand"),
      new DirectoryUser("sean", "205", "Seán O'Brien"),
      new DirectoryUser("mia", "206", "Mia Martinez")),
      List.of("support"), List.of("general"), List.of());

  static Simulation call(CompiledFlow flow, String at) {
    return call(flow, FlowContext.at(Instant.parse(at)));
  }

  static Simulation call(CompiledFlow flow, FlowContext ctx) {
    Simulation sim = new Simulation(flow, ctx.withDirectory(DIRECTORY));
    sim.start();
    return sim;
  }

  static List<Decision> decisions(Simulation sim) {
    return sim.commands().stream().filter(c -> c instanceof Decision).map(c -> (Decision) c).toList();
  }

  // ---- schedule ----------------------------------------------------------------------------------

  static final CompiledFlow SCHEDULE = TestFlows.valid("""
      flow: s
      language: en-US
      timezone: America/New_York
      start: hours
      nodes:
        hours:
          type: schedule
          rules:
            - name: weekdays
              days: mon-fri
              hours: "09:00-17:00"
          otherwise: closed
          holidays:
            - name: Christmas
              date: "12-25"
            - name: Christmas Eve afternoon
              date: "12-24"
              hours: "12:00-24:00"
          on-open: open
          on-closed: closed
          on-holiday: holiday
        open: {type: hangup}
        closed: {type: hangup, cause: USER_BUSY}
        holiday: {type: hangup, cause: CALL_REJECTED}
      """);

  @Test
  void scheduleBranchesOnLocalTimeWithDaylightSaving() {
    // given 13:30 UTC is 09:30 in New York in summer (UTC-4) but 08:30 in winter (UTC-5)
    // when
    Simulation summer = call(SCHEDULE, "2026-07-08T13:30:00Z");
    Simulation winter = call(SCHEDULE, "2026-12-09T13:30:00Z");

    // then
    assertThat(decisions(summer)).containsExactly(new Decision("hours", "open",
        "Wed 2026-07-08 09:30 America/New_York: rule 1 'weekdays' (mon-fri 09:00-17:00)"));
    assertThat(decisions(winter)).containsExactly(new Decision("hours", "closed",
        "Wed 2026-12-09 08:30 America/New_York: no rule covers this time; otherwise: closed"));
    assertThat(winter.outcome()).isEqualTo(new Outcome.HungUp("USER_BUSY"));
  }

  @Test
  void holidaysWinOverRulesAndCanCoverPartOfADay() {
    // when
    Simulation christmas = call(SCHEDULE, "2026-12-25T15:00:00Z");
    Simulation eveMorning = call(SCHEDULE, "2026-12-24T15:00:00Z");
    Simulation eveAfternoon = call(SCHEDULE, "2026-12-24T18:00:00Z");

    // then
    assertThat(decisions(christmas)).containsExactly(new Decision("hours", "holiday",
        "Fri 2026-12-25 10:00 America/New_York: holiday 1 'Christmas' (12-25 every year)"));
    assertThat(decisions(eveMorning)).extracting(Decision::branch).containsExactly("open");
    assertThat(decisions(eveAfternoon)).containsExactly(new Decision("hours", "holiday",
        "Thu 2026-12-24 13:00 America/New_York: holiday 2 'Christmas Eve afternoon' (12-24 every year 12:00-24:00)"));
  }

  // ---- condition ---------------------------------------------------------------------------------

  static final CompiledFlow CONDITION = TestFlows.valid("""
      flow: c
      language: en-US
      languages: [en-US, fr-FR]
      start: route
      nodes:
        route:
          type: condition
          branches:
            - name: vip
              when: {variable: tier, equals: gold}
              next: vip
            - when: {caller: ["+3361*", "/^\\\\+3370[0-9]+$/"], language: fr-FR}
              next: french-mobile
            - when: {dialled: "+1800*", variable: ticket, present: true}
              next: ticket
            - when: {caller-name: "ACME*", variable: ticket, matches: "T-??"}
              next: acme
          otherwise: other
        vip: {type: hangup}
        french-mobile: {type: hangup}
        ticket: {type: hangup}
        acme: {type: hangup}
        other: {type: hangup}
      """);

  @Test
  void conditionTakesTheFirstBranchThatHoldsAndSaysWhy() {
    FlowContext base = FlowContext.at(Instant.parse("2026-12-07T10:00:00Z"));

    assertThat(decisions(call(CONDITION, base.withVariables(Map.of("tier", "gold")))))
        .containsExactly(new Decision("route", "vip", "branch 1: variable tier = 'gold'"));
    assertThat(decisions(call(CONDITION, base.withCaller("+33612345678", "").withLanguage("fr-FR"))))
        .containsExactly(new Decision("route", "when#2",
            "branch 2: caller '+33612345678' matches '+3361*'; language fr-FR is one of [fr-FR]"));
    assertThat(decisions(call(CONDITION, base.withCaller("+33701020304", "").withLanguage("fr-FR"))))
        .extracting(Decision::branch).containsExactly("when#2");
    assertThat(decisions(call(CONDITION, base.withCaller("+33612345678", "")))).as("language does not hold")
        .extracting(Decision::branch).containsExactly("otherwise");
    assertThat(decisions(call(CONDITION, base.withDialledNumber("+18005550100").withVariables(Map.of("ticket", "x")))))
        .containsExactly(new Decision("route", "when#3",
            "branch 3: dialled number '+18005550100' matches '+1800*'; variable ticket is set"));
    assertThat(decisions(call(CONDITION, base.withCaller("", "ACME Corp").withVariables(Map.of("ticket", "T-42")))))
        .extracting(Decision::branch).containsExactly("when#4");
    assertThat(decisions(call(CONDITION, base.withCaller("", "ACME Corp").withVariables(Map.of("ticket", "T-420")))))
        .containsExactly(new Decision("route", "otherwise", "no branch holds (caller '', language en-US)"));
  }

  // ---- dial by extension -------------------------------------------------------------------------

  static final CompiledFlow EXTENSION = TestFlows.valid("""
      flow: x
      language: en-US
      start: dial
      nodes:
        dial:
          type: dial-by-extension
          prompt: {say: Extension please}
          min-length: 3
          max-length: 3
          retries: 1
          not-found-prompt: {say: Nobody there}
          on-failure: bye
        bye: {type: hangup}
      """);

  @Test
  void dialByExtensionTransfersToTheUser() {
    // given
    Simulation sim = call(EXTENSION, "2026-12-07T10:00:00Z");

    // when
    "202".chars().forEach(c -> sim.press((char) c));

    // then
    assertThat(decisions(sim)).containsExactly(new Decision("dial", "found", "extension 202 is user alan (Alan Marsh)"));
    assertThat(sim.outcome()).isEqualTo(new Outcome.Transferred(new TransferTarget.User("alan")));
  }

  @Test
  void dialByExtensionRetriesUnknownExtensionsThenFails() {
    // given
    Simulation sim = call(EXTENSION, "2026-12-07T10:00:00Z");

    // when
    "299".chars().forEach(c -> sim.press((char) c));
    sim.settle();
    "2".chars().forEach(c -> sim.press((char) c));
    sim.press('#');
    sim.settle();

    // then
    assertThat(decisions(sim)).containsExactly(
        new Decision("dial", "not-found", "no user has extension 299; retry 1 of 1"),
        new Decision("dial", "on-failure", "'2' (ended with #) is shorter than 3 digits; no retry left"));
    assertThat(sim.commands()).filteredOn(c -> c instanceof FlowCommand.Play)
        .extracting(c -> ((FlowCommand.Play) c).label())
        .containsExactly("dial.prompt", "dial.not-found-prompt", "dial.prompt");
    assertThat(sim.outcome()).isEqualTo(new Outcome.HungUp("NORMAL_CLEARING"));
  }

  @Test
  void aFailedTransferFromDialByExtensionGoesToOnFailure() {
    // given
    Simulation sim = call(EXTENSION, "2026-12-07T10:00:00Z");
    "201".chars().forEach(c -> sim.press((char) c));

    // when
    sim.transferFailed("user busy");

    // then
    assertThat(decisions(sim)).extracting(Decision::branch).containsExactly("found", "transfer-failed");
    assertThat(sim.outcome()).isEqualTo(new Outcome.HungUp("NORMAL_CLEARING"));
  }

  // ---- dial by name ------------------------------------------------------------------------------

  static final CompiledFlow NAME = TestFlows.valid("""
      flow: n
      language: en-US
      start: dir
      nodes:
        dir:
          type: dial-by-name
          prompt: {say: Spell the name}
          max-matches: 2
          match-prompt: {say: "For {name} at {extension}, press {key}."}
          no-match-prompt: {say: No match}
          too-many-prompt: {say: Too many}
          retries: 3
          on-failure: bye
        bye: {type: hangup}
      """);

  static void spell(Simulation sim, String keys) {
    keys.chars().forEach(c -> sim.press((char) c));
  }

  @Test
  void aSingleMatchIsConnectedAtOnceIgnoringAccentsAndPunctuation() {
    // given
    Simulation durand = call(NAME, "2026-12-07T10:00:00Z");
    Simulation obrien = call(NAME, "2026-12-07T10:00:00Z");

    // when: DUR and OBRI (OBR is also MAR)
    spell(durand, "387#");
    spell(obrien, "6274#");

    // then
    assertThat(decisions(durand)).containsExactly(
        new Decision("dir", "match", "keys 387 match only Chloé Durand (chloe)"));
    assertThat(durand.outcome()).isEqualTo(new Outcome.Transferred(new TransferTarget.User("chloe")));
    assertThat(obrien.outcome()).isEqualTo(new Outcome.Transferred(new TransferTarget.User("sean")));
  }

  @Test
  void severalMatchesAreOfferedInNameOrderAndPickedByKey() {
    // given: 627 (MAR, OBR) matches Marsh, Martin, Martinez and O'Brien: too many for 2; 6277 is MARS
    Simulation sim = call(NAME, "2026-12-07T10:00:00Z");

    // when
    spell(sim, "627#");
    sim.settle();
    spell(sim, "6277#");

    // then
    assertThat(decisions(sim)).containsExactly(
        new Decision("dir", "too-many", "4 names start with keys 627, more than 2; retry 1 of 3"),
        new Decision("dir", "match", "keys 6277 match only Alan Marsh (alan)"));
    assertThat(sim.outcome()).isEqualTo(new Outcome.Transferred(new TransferTarget.User("alan")));

    Simulation choose = call(NAME, "2026-12-07T10:00:00Z");
    spell(choose, "62784#");
    FlowCommand.Play offer = (FlowCommand.Play) choose.commands().get(choose.commands().size() - 1);
    assertThat(offer.label()).isEqualTo("dir.match-prompt");
    assertThat(offer.prompts()).containsExactly(
        new Prompt.Speech("For Alice Martin at 201, press 1.", "en-US", ""),
        new Prompt.Speech("For Mia Martinez at 206, press 2.", "en-US", ""));
    choose.settle();
    choose.press('2');
    assertThat(decisions(choose)).containsExactly(
        new Decision("dir", "chosen", "key 2 chose mia among alice, mia"));
    assertThat(choose.outcome()).isEqualTo(new Outcome.Transferred(new TransferTarget.User("mia")));
  }

  @Test
  void theCallerCanStartAgainOrFailAChoice() {
    // given
    Simulation sim = call(NAME, "2026-12-07T10:00:00Z");
    spell(sim, "62784#");

    // when
    sim.settle();
    sim.press('7');
    sim.settle();
    sim.timeout();
    sim.settle();
    sim.press('*');
    sim.settle();
    spell(sim, "999#");
    sim.settle();
    spell(sim, "999#");

    // then
    assertThat(decisions(sim)).containsExactly(
        new Decision("dir", "invalid", "key 7 is not one of the 2 choices; retry 1 of 3"),
        new Decision("dir", "timeout", "no choice within 5s; retry 2 of 3"),
        new Decision("dir", "restart", "key * starts the search again"),
        new Decision("dir", "no-match", "no last-name starts with keys 999; retry 3 of 3"),
        new Decision("dir", "on-failure", "no last-name starts with keys 999; no retry left"));
  }

  // ---- voicemail ---------------------------------------------------------------------------------

  @Test
  void voicemailRecordsWithTheGreetingResolved() {
    // given
    CompiledFlow flow = TestFlows.valid("""
        flow: v
        language: fr-FR
        start: vm
        nodes:
          vm:
            type: voicemail
            mailbox: general
            greeting: [{audio: "vm/{lang}/greeting.wav"}, {tone: "%(500,0,800)"}]
            max-length: 90s
        """);

    // when
    Simulation sim = call(flow, "2026-12-07T10:00:00Z");

    // then
    assertThat(sim.commands()).containsExactly(new FlowCommand.RecordVoicemail("general",
        List.of(new Prompt.AudioFile("vm/fr-FR/greeting.wav"), new Prompt.Tone("%(500,0,800)")), Duration.ofSeconds(90)));
    assertThat(sim.outcome()).isEqualTo(new Outcome.Voicemail("general"));
  }

  @Test
  void nameSearchSpellsNamesOnTheKeypad() {
    assertThat(NameSearch.keys("Chloé")).isEqualTo("24563");
    assertThat(NameSearch.keys("O'Brien")).isEqualTo("627436");
    assertThat(NameSearch.keys("Müller-Lüdenscheidt")).startsWith("685537");
  }
}
