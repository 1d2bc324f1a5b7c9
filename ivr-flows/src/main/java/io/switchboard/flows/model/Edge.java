package io.switchboard.flows.model;

/**
 * A possible move from one node to another.
 *
 * @param label what takes it: a key ("1"), "next", "on-timeout", "open", "when#2"...
 * @param target the node id it leads to (may name a node that does not exist in an invalid flow)
 * @param withoutInput whether it can be taken without the caller pressing a key (used to find
 *     loops a silent caller would never leave)
 * @param pointer the JSON pointer of the reference in the source file
 */
public record Edge(String label, String target, boolean withoutInput, String pointer) {}
