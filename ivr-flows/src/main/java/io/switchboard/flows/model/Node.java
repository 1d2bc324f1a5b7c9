package io.switchboard.flows.model;

import java.util.List;

/** A node of a flow. Each type is a record; {@link #edges()} lists where it can lead. */
public sealed interface Node
    permits MenuNode, PlayNode, CollectNode, ScheduleNode, DialByExtensionNode, DialByNameNode,
        TransferNode, ConditionNode, SetNode, VoicemailNode, HangupNode {

  String id();

  /** The type as written in flow files ("menu", "dial-by-name"...). */
  String type();

  /** The moves out of this node, in file order. */
  List<Edge> edges();

  /** Whether the call leaves the flow here (transfer, voicemail, hang-up). */
  default boolean isExit() {
    return false;
  }

  /** The JSON pointer of the node in its source file. */
  default String pointer() {
    return "/nodes/" + id().replace("~", "~0").replace("/", "~1");
  }
}
