package io.switchboard.persistence.internal;

import java.io.IOException;

/**
 * Main class of the embedded Cassandra node's JVM: ties the node's life to the process that started
 * it, then runs {@code org.apache.cassandra.service.CassandraDaemon}.
 *
 * <p>Two things it adds, both about shutdown order. It ignores SIGINT, because Ctrl-C in a terminal
 * reaches the whole process group, and the node must stop only after the engine has handed off its
 * entities (the engine stops it explicitly). And it watches its standard input, a pipe from the
 * parent: end of file means the parent is gone (even after {@code kill -9}), and the node exits
 * through Cassandra's own shutdown hook instead of lingering on its ports.
 *
 * <p>{@link io.switchboard.persistence.EmbeddedCassandra} copies this class file alone onto the
 * node's classpath, so it uses only the JDK and reflection (no lambdas or nested classes, which
 * would be separate class files). It prints to standard error because that is the node's log file.
 */
public final class CassandraNodeMain implements Runnable {

  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";

  /** Entry point of the node JVM; the arguments go to {@code CassandraDaemon}. */
  public static void main(String[] args) throws Exception {
    ignoreInterruptSignal();
    Thread watchdog = new Thread(new CassandraNodeMain(), "switchboard-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Class.forName(DAEMON).getMethod("main", String[].class).invoke(null, (Object) args);
  }

  /** Blocks on standard input until the parent closes it or dies, then stops this JVM. */
  @Override
  public void run() {
    try {
      while (System.in.read() >= 0) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end of file: the parent is gone.
    }
    System.err.println("Switchboard: the process that started this Cassandra node is gone; stopping the node.");
    System.exit(0);
  }

  private static void ignoreInterruptSignal() {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object interrupt = signal.getConstructor(String.class).newInstance("INT");
      signal.getMethod("handle", signal, handler).invoke(null, interrupt, handler.getField("SIG_IGN").get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("Switchboard: cannot ignore SIGINT (" + e + "); Ctrl-C stops this node at once.");
    }
  }
}
