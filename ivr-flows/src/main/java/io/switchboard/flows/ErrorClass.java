package io.switchboard.flows;

/**
 * The classes of errors the flow tools report. Each error line ends with its class code in
 * brackets, so that people can look it up in ivr-flows/README.md ("Validation").
 */
public enum ErrorClass {
  /** The file cannot be read at all. */
  UNREADABLE_FILE("unreadable-file"),
  /** The text is not valid YAML (only the first syntax error can be found). */
  YAML_SYNTAX("yaml-syntax"),
  /** The same key appears twice in one mapping. */
  DUPLICATE_KEY("duplicate-key"),
  /** A field the format does not define (often a typo). */
  UNKNOWN_FIELD("unknown-field"),
  /** A required field is absent. */
  MISSING_FIELD("missing-field"),
  /** A value of the wrong kind: text where a list is expected, and so on. */
  WRONG_TYPE("wrong-type"),
  /** A value outside what the field accepts: an unknown node type, a malformed id, out of range. */
  INVALID_VALUE("invalid-value"),
  /** Fields that cannot go together, or limits that contradict each other. */
  CONFLICTING_FIELDS("conflicting-fields"),
  /** A key that is not one of 0-9, * and #. */
  INVALID_DTMF_KEY("invalid-dtmf-key"),
  /** A duration that is malformed or outside the accepted range. */
  INVALID_DURATION("invalid-duration"),
  /** A time zone id the Java time-zone database does not know. */
  INVALID_TIME_ZONE("invalid-time-zone"),
  /** A date that does not exist or is malformed. */
  INVALID_DATE("invalid-date"),
  /** A time range that is malformed, or ends before it starts. */
  INVALID_TIME_RANGE("invalid-time-range"),
  /** A schedule rule or holiday that covers no time at all. */
  EMPTY_RULE("empty-rule"),
  /** Minutes of the next 365 days covered by two schedule rules (or two holidays). */
  SCHEDULE_OVERLAP("schedule-overlap"),
  /** Minutes of the next 365 days covered by no schedule rule. */
  SCHEDULE_GAP("schedule-gap"),
  /** A reference to a node that does not exist. */
  UNKNOWN_NODE("unknown-node"),
  /** A node that cannot be reached from the start node. */
  UNREACHABLE_NODE("unreachable-node"),
  /** A node that does not say where the call goes next. */
  DEAD_END("dead-end"),
  /** A cycle the call can follow forever without the caller pressing a key. */
  ENDLESS_LOOP("endless-loop"),
  /** A reference to a prompt the prompts library does not define. */
  UNKNOWN_PROMPT("unknown-prompt"),
  /** A text or voice that lacks one of the flow's languages, or names one it does not offer. */
  MISSING_TRANSLATION("missing-translation"),
  /** A language the flow does not offer. */
  UNKNOWN_LANGUAGE("unknown-language"),
  /** A regular expression or pattern that does not compile. */
  INVALID_PATTERN("invalid-pattern"),
  /** A queue, user, extension, flow or mailbox the directory does not know. */
  UNKNOWN_REFERENCE("unknown-reference"),
  /** A flow test expectation that did not hold, or an input that could not be applied. */
  TEST_FAILURE("test-failure");

  private final String code;

  ErrorClass(String code) {
    this.code = code;
  }

  /** The kebab-case code printed at the end of error lines. */
  public String code() {
    return code;
  }
}
