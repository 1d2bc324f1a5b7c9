package io.switchboard.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.switchboard.persistence.internal.CassandraNodeMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Cassandra 5 server in its own JVM, on 127.0.0.1, for development and tests.
 *
 * <p>{@link #launch} checks what commonly goes wrong before anything starts (classpath file, data
 * directory, ports, a node from an earlier run), writes {@code cassandra.yaml} and a logback
 * configuration into the node's directory, and starts {@code CassandraDaemon} (through
 * {@link CassandraNodeMain}) with the flags Cassandra needs on JDK 17. {@link #awaitReady} returns
 * once a CQL session connects, and fails with one clear line (plus the log's last lines when the
 * process died). {@link #stop} sends SIGTERM, which makes Cassandra drain, and waits.
 *
 * <p>The node's classpath comes from a file written by the build, so that Cassandra's libraries never
 * meet the application's. Its output goes to {@code <directory>/logs/cassandra.log}.
 *
 * <p>Created by the engine's {@code run} command when no external cluster is configured, and by the
 * test support of this module. Thread-safe: {@link #stop} may be called from any thread, more than
 * once.
 */
public final class EmbeddedCassandra implements AutoCloseable {

  /** The only address the node binds. */
  public static final String HOST = "127.0.0.1";
  /** Datacenter name given by the node's SimpleSnitch. */
  public static final String DATACENTER = "datacenter1";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
  private static final int LOG_TAIL_LINES = 25;
  private static final String NODE_MARKER = "-Dswitchboard.cassandra.node=";
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  private final EmbeddedCassandraSettings settings;
  private final Process process;
  private final Path logFile;
  private final Path pidFile;
  private final long launchedNanos;
  private volatile Duration startDuration;
  private boolean stopped;

  private EmbeddedCassandra(
      EmbeddedCassandraSettings settings, Process process, Path logFile, Path pidFile, long launchedNanos) {
    this.settings = settings;
    this.process = process;
    this.logFile = logFile;
    this.pidFile = pidFile;
    this.launchedNanos = launchedNanos;
  }

  /**
   * Launches the node and waits until it accepts CQL.
   *
   * @throws CassandraStartException when it cannot start; the node is not left running
   */
  public static EmbeddedCassandra start(EmbeddedCassandraSettings settings) {
    EmbeddedCassandra node = launch(settings);
    node.awaitReady();
    return node;
  }

  /**
   * Checks the environment, writes the node's configuration and starts its JVM, without waiting for
   * readiness (see {@link #awaitReady}).
   *
   * @throws CassandraStartException when a check fails or the JVM cannot be started
   */
  public static EmbeddedCassandra launch(EmbeddedCassandraSettings settings) {
    List<String> classpath = readClasspath(settings.classpathFile());
    Path directory = settings.directory();
    prepareDirectory(directory);
    Path pidFile = directory.resolve("cassandra.pid");
    refuseEarlierNode(pidFile, directory);
    requireFreePort(settings.nativePort(), "native (CQL) port", "SWITCHBOARD_CASSANDRA_PORT");
    requireFreePort(settings.storagePort(), "storage (internode) port", "SWITCHBOARD_CASSANDRA_STORAGE_PORT");
    if (settings.jmxPort() != 0) {
      requireFreePort(settings.jmxPort(), "JMX port", "SWITCHBOARD_CASSANDRA_JMX_PORT");
    }
    try {
      Path conf = Files.createDirectories(directory.resolve("conf"));
      Path logs = Files.createDirectories(directory.resolve("logs"));
      Path yaml = conf.resolve("cassandra.yaml");
      Files.writeString(yaml, CassandraYaml.render(settings));
      Path logback = conf.resolve("logback.xml");
      Files.writeString(logback, LOGBACK_XML);
      Path launcherClasses = installLauncher(directory.resolve("launcher"));
      Path logFile = logs.resolve("cassandra.log");
      if (Files.exists(logFile)) {
        // Keep the previous run's log for a post-mortem; older ones are not needed.
        Files.move(logFile, logs.resolve("cassandra.log.1"), StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> command = command(settings, yaml, logback, launcherClasses, classpath);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
      // Standard input stays a pipe from this JVM: CassandraNodeMain stops the node when it closes.
      builder.redirectInput(ProcessBuilder.Redirect.PIPE);
      long launched = System.nanoTime();
      Process process = builder.start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      log.info("Started Cassandra node (pid {}) in {}, CQL on {}:{}, log {}",
          process.pid(), directory, HOST, settings.nativePort(), logFile);
      return new EmbeddedCassandra(settings, process, logFile, pidFile, launched);
    } catch (IOException e) {
      throw new CassandraStartException(
          "Cannot start the embedded Cassandra in " + directory + ": " + describe(e), e);
    }
  }

  /**
   * Waits until a CQL session connects to the node.
   *
   * @throws CassandraStartException when the process dies or the start timeout passes; in the
   *     latter case the node is stopped
   */
  public void awaitReady() {
    long deadline = launchedNanos + settings.startTimeout().toNanos();
    InetSocketAddress address = new InetSocketAddress(HOST, settings.nativePort());
    RuntimeException lastCqlFailure = null;
    while (true) {
      if (!process.isAlive()) {
        throw died();
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new CassandraStartException(
            "Cassandra did not accept CQL on " + HOST + ":" + settings.nativePort() + " within "
                + settings.startTimeout().toSeconds() + " s (a slow or overloaded machine? raise"
                + " SWITCHBOARD_CASSANDRA_START_TIMEOUT)"
                + (lastCqlFailure == null ? "" : "; last CQL error: " + lastCqlFailure.getMessage())
                + tail());
      }
      if (portOpen(address)) {
        try {
          String version = queryReleaseVersion(address);
          startDuration = Duration.ofNanos(System.nanoTime() - launchedNanos);
          log.info("Cassandra {} ready on {}:{} after {} ms",
              version, HOST, settings.nativePort(), startDuration.toMillis());
          return;
        } catch (RuntimeException e) {
          // The port opens a moment before the node serves queries; try again until the deadline.
          lastCqlFailure = e;
        }
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
  }

  /** {@code host:port} for the driver's contact points. */
  public String contactPoint() {
    return HOST + ":" + settings.nativePort();
  }

  /** The settings this node was launched with. */
  public EmbeddedCassandraSettings settings() {
    return settings;
  }

  /** The node's JVM process. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** The node's log file (standard output and error of its JVM). */
  public Path logFile() {
    return logFile;
  }

  /** Time from launch to the first successful CQL query, once ready. */
  public Optional<Duration> startDuration() {
    return Optional.ofNullable(startDuration);
  }

  /**
   * Stops the node cleanly (SIGTERM, Cassandra drains) and waits for the process to exit; kills it
   * when the stop timeout passes. Idempotent.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (process.isAlive()) {
      log.info("Stopping Cassandra node (pid {})", process.pid());
      long begin = System.nanoTime();
      process.destroy();
      boolean exited = waitForExit(settings.stopTimeout());
      if (!exited) {
        log.warn("Cassandra node (pid {}) did not stop within {} s; killing it",
            process.pid(), settings.stopTimeout().toSeconds());
        process.destroyForcibly();
        exited = waitForExit(Duration.ofSeconds(10));
      }
      log.info("Cassandra node (pid {}) {} after {} ms", process.pid(),
          exited ? "stopped" : "still has not exited", (System.nanoTime() - begin) / 1_000_000);
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      log.warn("Cannot delete {}: {}", pidFile, e.toString());
    }
  }

  @Override
  public void close() {
    stop();
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private CassandraStartException died() {
    waitForExit(Duration.ofSeconds(5));
    String exit = process.isAlive() ? "" : " with exit code " + process.exitValue();
    String tail = tail();
    String hint = tail.contains("Address already in use") || tail.contains("Failed to bind")
        ? " because a port it needs is taken (native " + settings.nativePort() + ", storage "
            + settings.storagePort() + "); choose free ones with SWITCHBOARD_CASSANDRA_PORT and"
            + " SWITCHBOARD_CASSANDRA_STORAGE_PORT"
        : "; see " + logFile;
    synchronized (this) {
      stopped = true;
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      log.debug("Cannot delete {}", pidFile, e);
    }
    return new CassandraStartException(
        "Cassandra process " + process.pid() + " died during start" + exit + hint + tail);
  }

  /** The log's last lines, indented, after a line break; empty string if there is no log. */
  private String tail() {
    List<String> lines;
    try {
      lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return System.lineSeparator() + "  (cannot read " + logFile + ": " + e.getMessage() + ")";
    }
    if (lines.isEmpty()) {
      return System.lineSeparator() + "  (" + logFile + " is empty)";
    }
    List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    return System.lineSeparator() + "Last lines of " + logFile + ":" + System.lineSeparator()
        + last.stream().map(line -> "  " + line).collect(Collectors.joining(System.lineSeparator()));
  }

  private static String queryReleaseVersion(InetSocketAddress address) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
        .build();
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(address)
        .withLocalDatacenter(DATACENTER)
        .withConfigLoader(config)
        .build()) {
      return session.execute("SELECT release_version FROM system.local").one().getString(0);
    }
  }

  private static boolean portOpen(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> readClasspath(Path file) {
    String fix = "; build it with `mvn -B -q -DskipTests package` from the repository root (the"
        + " switchboard script does) or point SWITCHBOARD_CASSANDRA_CLASSPATH_FILE at it";
    if (!Files.isRegularFile(file)) {
      throw new CassandraStartException("Cassandra classpath file " + file + " does not exist" + fix);
    }
    try {
      List<String> entries = List.of(Files.readString(file, StandardCharsets.UTF_8).trim().split(":"));
      for (String entry : entries) {
        if (entry.isBlank() || !Files.isRegularFile(Path.of(entry))) {
          throw new CassandraStartException(
              "Cassandra classpath file " + file + " names a jar that does not exist: '" + entry + "'"
                  + fix);
        }
      }
      return entries;
    } catch (IOException e) {
      throw new CassandraStartException("Cannot read Cassandra classpath file " + file + ": "
          + describe(e) + fix, e);
    }
  }

  private static void prepareDirectory(Path directory) {
    String fix = "; set SWITCHBOARD_DATA_DIR to a writable directory (the node uses <data-dir>/cassandra)";
    try {
      Files.createDirectories(directory);
      // isWritable alone is not enough: root may write anywhere except on read-only file systems.
      Path probe = Files.createTempFile(directory, ".write-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new CassandraStartException(
          "Cassandra data directory " + directory + " is not writable: " + describe(e) + fix, e);
    }
    if (!Files.isWritable(directory)) {
      throw new CassandraStartException("Cassandra data directory " + directory + " is not writable" + fix);
    }
  }

  private static void refuseEarlierNode(Path pidFile, Path directory) {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      Optional<ProcessHandle> earlier = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      boolean isNode = earlier.flatMap(p -> p.info().commandLine())
          .map(commandLine -> commandLine.contains(NODE_MARKER + directory))
          .orElse(false);
      if (isNode) {
        throw new CassandraStartException(
            "A Cassandra node from an earlier run (pid " + pid + ") still uses " + directory
                + "; stop it first (kill " + pid + ") or choose another SWITCHBOARD_DATA_DIR");
      }
      Files.delete(pidFile);
    } catch (IOException | NumberFormatException e) {
      log.warn("Ignoring unreadable pid file {}: {}", pidFile, e.toString());
    }
  }

  private static void requireFreePort(int port, String what, String variable) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      throw new CassandraStartException(
          "Cassandra " + what + " " + HOST + ":" + port + " is already in use (another Cassandra, or"
              + " Switchboard still running?); stop that process or set " + variable
              + " to a free port");
    }
  }

  private static Path installLauncher(Path root) throws IOException {
    String resource = CassandraNodeMain.class.getSimpleName() + ".class";
    Path target = root.resolve(CassandraNodeMain.class.getName().replace('.', '/') + ".class");
    Files.createDirectories(target.getParent());
    try (InputStream in = CassandraNodeMain.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("class file " + resource + " not found next to " + CassandraNodeMain.class);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return root;
  }

  private static List<String> command(
      EmbeddedCassandraSettings settings, Path yaml, Path logback, Path launcher, List<String> classpath) {
    List<String> command = new ArrayList<>();
    command.add(settings.javaExecutable().toString());
    // First, because the OS may truncate a long command line (the classpath): identifies the node
    // of a directory for the check against a node left from an earlier run.
    command.add(NODE_MARKER + settings.directory());
    command.add("-Xms" + settings.heap());
    command.add("-Xmx" + settings.heap());
    command.add("-Xss256k");
    command.add("-XX:+UseG1GC");
    // Cassandra's advice: never continue after an OutOfMemoryError (possible data corruption).
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djdk.attach.allowAttachSelf=true");
    command.add("-Djava.net.preferIPv4Stack=true");
    // From Cassandra's conf/jvm17-server.options: the internals it reaches on JDK 17.
    for (String export : List.of(
        "java.base/jdk.internal.misc", "java.management.rmi/com.sun.jmx.remote.internal.rmi",
        "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server", "java.sql/java.sql",
        "java.base/java.lang.ref", "jdk.unsupported/sun.misc", "jdk.compiler/com.sun.tools.javac.file",
        "jdk.attach/sun.tools.attach")) {
      command.add("--add-exports");
      command.add(export + "=ALL-UNNAMED");
    }
    for (String open : List.of(
        "java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
        "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
        "java.base/jdk.internal.util.jar", "jdk.management/com.sun.management.internal",
        "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang.reflect",
        "jdk.compiler/com.sun.tools.javac", "java.base/java.lang", "java.base/java.util")) {
      command.add("--add-opens");
      command.add(open + "=ALL-UNNAMED");
    }
    command.addAll(settings.jvmOptions());
    // Without it Cassandra closes standard output mid-start, and its log would stop there.
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=" + yaml.toUri());
    command.add("-Dcassandra.storagedir=" + settings.directory());
    command.add("-Dlogback.configurationFile=" + logback);
    // A single seed node has nobody to gossip with; waiting for gossip to settle only costs seconds.
    command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    if (settings.jmxPort() != 0) {
      command.add("-Dcassandra.jmx.local.port=" + settings.jmxPort());
      command.add("-Djava.rmi.server.hostname=" + HOST);
    }
    command.add("-cp");
    List<String> entries = new ArrayList<>();
    entries.add(launcher.toString());
    entries.addAll(classpath);
    command.add(String.join(":", entries));
    command.add(CassandraNodeMain.class.getName());
    return command;
  }

  private static String describe(IOException e) {
    if (e instanceof FileSystemException fse) {
      String reason = fse.getReason() == null ? e.getClass().getSimpleName() : fse.getReason();
      return reason + " (" + fse.getFile() + ")";
    }
    return e.toString();
  }

  private static final String LOGBACK_XML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- Written by Switchboard at each start. Standard output is the node's log file. -->
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder>
            <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern>
          </encoder>
        </appender>
        <root level="INFO">
          <appender-ref ref="STDOUT"/>
        </root>
      </configuration>
      """;
}
