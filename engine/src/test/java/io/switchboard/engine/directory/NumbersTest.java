package io.switchboard.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** E.164 validation, the pattern syntax and number-plan normalisation. */
class NumbersTest {

  @Test
  void e164_accepts_plus_country_code_and_at_most_fifteen_digits() {
    assertThat(E164.isValid("+15551000100")).isTrue();
    assertThat(E164.isValid("+442071838750")).isTrue();
    assertThat(E164.isValid("+123456789012345")).isTrue();
    assertThat(E164.problem("15551000100")).isEqualTo("\"15551000100\" is not an E.164 number: it must start with '+' and the country code, for example +15551000100");
    assertThat(E164.problem("+1234567890123456")).isEqualTo("\"+1234567890123456\" is not an E.164 number: it has more than 15 digits");
    assertThat(E164.problem("+0441234")).isEqualTo("\"+0441234\" is not an E.164 number: the country code cannot start with 0");
    assertThat(E164.problem("+1 555 100")).endsWith("only 2 to 15 digits are allowed, without spaces or punctuation");
    assertThatThrownBy(() -> E164.of("+")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void patterns_match_digit_classes_and_an_open_end() {
    // given
    NumberPattern block = NumberPattern.of("+1555XXX12NN");

    // then
    assertThat(block.matches("+15551231299")).isTrue();
    assertThat(block.matches("+15559991222")).isTrue();
    assertThat(block.matches("+15551231211")).as("N is 2-9").isFalse();
    assertThat(block.matches("+155512312999")).as("too long").isFalse();
    assertThat(NumberPattern.of("+44*").matches("+442071838750")).isTrue();
    assertThat(NumberPattern.of("+44*").matches("+44")).isTrue();
    assertThat(NumberPattern.of("+44*").matches("+4420x")).isFalse();
    assertThat(NumberPattern.of("+1[2-4]Z*").matches("+131")).isTrue();
    assertThat(NumberPattern.of("+1[2-4]Z*").matches("+151")).isFalse();
    assertThat(NumberPattern.of("+1[2-4]Z*").matches("+130")).isFalse();
    assertThat(NumberPattern.of("1555*").matches("+15551")).as("the + is literal").isFalse();
    assertThat(NumberPattern.of("+1x[0-35]").matches("+194")).isFalse();
    assertThat(NumberPattern.of("+1x[0-35]").matches("+195")).isTrue();
    assertThat(NumberPattern.of("+1x[0-35]").matches("+1950")).as("no final *: exact length").isFalse();
  }

  @Test
  void pattern_syntax_errors_name_the_position_and_the_fix() {
    assertThat(NumberPattern.problem("+1*5")).isEqualTo("pattern \"+1*5\": '*' is allowed only at the end (position 3)");
    assertThat(NumberPattern.problem("1+5")).isEqualTo("pattern \"1+5\": '+' is allowed only as the first character");
    assertThat(NumberPattern.problem("+1[25")).isEqualTo("pattern \"+1[25\": '[' at position 3 is not closed by ']'");
    assertThat(NumberPattern.problem("+1[]")).startsWith("pattern \"+1[]\": empty class []");
    assertThat(NumberPattern.problem("+1[5-2]")).isEqualTo("pattern \"+1[5-2]\": range 5-2 in [5-2] must go from a lower to a higher digit");
    assertThat(NumberPattern.problem("+1-555")).startsWith("pattern \"+1-555\": '-' at position 3 is not allowed");
    assertThat(NumberPattern.problem("*")).startsWith("pattern \"*\" matches every number");
    assertThat(NumberPattern.problem("")).startsWith("a number pattern is missing");
  }

  @Test
  void the_north_american_plan_normalises_what_users_dial_and_carriers_send() {
    NumberPlan plan = NumberPlan.NORTH_AMERICA;
    assertThat(plan.normalise("5551234567")).contains(E164.of("+15551234567"));
    assertThat(plan.normalise("15551234567")).contains(E164.of("+15551234567"));
    assertThat(plan.normalise("01144207183875")).contains(E164.of("+44207183875"));
    assertThat(plan.normalise("+1 (555) 123-4567")).contains(E164.of("+15551234567"));
    assertThat(plan.normalise("1001")).isEmpty();
    assertThat(plan.normalise("anonymous")).isEmpty();
    assertThat(plan.normalise(null)).isEmpty();
    assertThat(plan.nationalForm(E164.of("+15551234567"))).isEqualTo("5551234567");
    assertThat(plan.nationalForm(E164.of("+442071838750"))).isEqualTo("011442071838750");
  }

  @Test
  void a_plan_with_a_zero_trunk_prefix_normalises_like_the_uk() {
    // given
    NumberPlan uk = new NumberPlan("44", "0", "00", List.of(9, 10));

    // then
    assertThat(uk.normalise("02071838750")).contains(E164.of("+442071838750"));
    assertThat(uk.normalise("0033123456789")).contains(E164.of("+33123456789"));
    assertThat(uk.normalise("2071838750")).contains(E164.of("+442071838750"));
    assertThat(uk.normalise("123")).isEqualTo(Optional.empty());
    assertThat(uk.nationalForm(E164.of("+442071838750"))).isEqualTo("2071838750");
  }

  @Test
  void plan_problems_are_reported_per_field() {
    assertThat(NumberPlan.problems("0", "x", "", List.of(2)))
        .extracting(Problem::field)
        .containsExactly("countryCode", "nationalPrefix", "internationalPrefix", "nationalNumberLengths");
  }
}
