/**
 * The read-only description of a compiled flow: its nodes, prompts and edges. Tools (graph,
 * coverage, simulation display) read it; the engine needs only {@link
 * io.switchboard.flows.CompiledFlow}. Built by the compiler; immutable.
 */
package io.switchboard.flows.model;
