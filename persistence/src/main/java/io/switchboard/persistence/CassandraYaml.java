package io.switchboard.persistence;

import java.nio.file.Path;

/**
 * Renders the embedded node's {@code cassandra.yaml}: the keys Cassandra 5 refuses to start without,
 * 127.0.0.1 for every address, the configured ports, and every directory inside the node's own.
 * Stateless; used by {@link EmbeddedCassandra} at each launch.
 */
final class CassandraYaml {

  private CassandraYaml() {}

  static String render(EmbeddedCassandraSettings settings) {
    Path dir = settings.directory();
    String host = EmbeddedCassandra.HOST;
    return """
        # Written by Switchboard at each start of the embedded node; edits are overwritten.
        cluster_name: 'switchboard'
        num_tokens: 16
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: '%1$s:%3$d'
        listen_address: %1$s
        rpc_address: %1$s
        native_transport_port: %2$d
        storage_port: %3$d
        start_native_transport: true
        data_file_directories:
          - %4$s
        commitlog_directory: %5$s
        saved_caches_directory: %6$s
        hints_directory: %7$s
        cdc_raw_directory: %8$s
        # The machines this runs on are small and shared: one compaction at a time.
        concurrent_compactors: 1
        """.formatted(
            host,
            settings.nativePort(),
            settings.storagePort(),
            quote(dir.resolve("data")),
            quote(dir.resolve("commitlog")),
            quote(dir.resolve("saved_caches")),
            quote(dir.resolve("hints")),
            quote(dir.resolve("cdc_raw")));
  }

  /** A single-quoted YAML scalar: quotes are doubled, nothing else is special. */
  private static String quote(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }
}
