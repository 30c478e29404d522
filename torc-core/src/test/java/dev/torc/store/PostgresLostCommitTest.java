package dev.torc.store;

import static dev.torc.store.WorkflowStoreContract.job;
import static dev.torc.store.WorkflowStoreContract.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.store.internal.PostgresLocation;
import dev.torc.store.internal.PostgresWorkflowStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection to PostgreSQL that fails after the store sent COMMIT but before the server's answer
 * came back: the store must find out that the transaction committed rather than apply it again.
 * Between the store and the server sits a TCP relay that, once armed, passes the next COMMIT on to
 * the server, drops the answer and closes both sides.
 */
class PostgresLostCommitTest {
  private String schema;
  private Relay relay;
  private WorkflowStore store;

  @BeforeEach
  void open() throws IOException {
    URI server = URI.create(PostgresTestDatabase.url());
    relay = new Relay(server.getHost(), server.getPort());
    schema = PostgresTestDatabase.newSchema("lost_commit");
    // Statements always with their text (no server-prepared ones), so the relay sees COMMIT.
    String jdbc = PostgresLocation.parse(server.toString(), System.getenv()).jdbcUrl();
    String location =
        jdbc.replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + relay.port())
            + (jdbc.contains("?") ? "&" : "?")
            + "prepareThreshold=0&schema="
            + schema;
    store = PostgresWorkflowStore.open(location, Clock.systemUTC());
  }

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (schema != null) {
      PostgresTestDatabase.drop(schema);
    }
  }

  @Test
  void aCompletionWhoseCommitWasNotAcknowledgedIsRecordedOnce() {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    long runner = store.registerRunner(wf, new RunnerInfo("host", 1, null));
    long a = store.claimReadyJobs(wf, new ResourceBudget(4, 1L << 40, 0), 1, runner).get(0).id();
    store.markJobRunning(a, runner, new AttemptRef("local", "host", "2", null));
    JobResult result =
        new JobResult(
            a, wf, 1, 1, 0, JobStatus.COMPLETED, 0.1, Instant.now(), null, null, null, null);

    relay.dropTheAnswerToTheNextCommit();
    store.completeJob(result);

    assertThat(relay.commitsDropped()).as("the relay cut a commit's answer").isEqualTo(1);
    assertThat(store.listJobResults(a)).containsExactly(result);
    assertThat(store.findJob(a).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    List<JobRecord> next = store.claimReadyJobs(wf, new ResourceBudget(4, 1L << 40, 0), 5, runner);
    assertThat(next).extracting(JobRecord::name).containsExactly("b");
  }

  @Test
  void aClaimWhoseCommitWasNotAcknowledgedReturnsTheClaimedJobs() {
    long wf = store.createWorkflow(workflow(job("a"), job("b")));
    long runner = store.registerRunner(wf, new RunnerInfo("host", 1, null));

    relay.dropTheAnswerToTheNextCommit();
    List<JobRecord> claimed =
        store.claimReadyJobs(wf, new ResourceBudget(4, 1L << 40, 0), 5, runner);

    assertThat(relay.commitsDropped()).isEqualTo(1);
    assertThat(claimed).extracting(JobRecord::name).containsExactly("a", "b");
    assertThat(store.countJobsByStatus(wf)).containsEntry(JobStatus.PENDING, 2);
  }

  /** Relays TCP connections to the server; can cut one connection right after a COMMIT. */
  private static final class Relay implements AutoCloseable {
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger dropped = new AtomicInteger();

    Relay(String host, int port) throws IOException {
      this.host = host;
      this.port = port;
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accepting = new Thread(this::accept, "relay-accept");
      accepting.setDaemon(true);
      accepting.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    void dropTheAnswerToTheNextCommit() {
      armed.set(true);
    }

    int commitsDropped() {
      return dropped.get();
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          Socket server = new Socket(host, port);
          AtomicBoolean cut = new AtomicBoolean();
          pump(client, server, cut, true);
          pump(server, client, cut, false);
        } catch (IOException e) {
          return;
        }
      }
    }

    private void pump(Socket from, Socket to, AtomicBoolean cut, boolean toServer) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[65536];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  int n;
                  while ((n = in.read(buffer)) > 0) {
                    if (!toServer && cut.get()) {
                      continue;
                    }
                    boolean commit =
                        toServer && contains(buffer, n) && armed.compareAndSet(true, false);
                    if (commit) {
                      cut.set(true);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (commit) {
                      // Give the server time to commit, then fail the connection unanswered.
                      Thread.sleep(500);
                      dropped.incrementAndGet();
                      from.close();
                      to.close();
                      return;
                    }
                  }
                } catch (IOException | InterruptedException e) {
                  // The other direction closed the sockets.
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    private static boolean contains(byte[] buffer, int length) {
      outer:
      for (int i = 0; i + COMMIT.length <= length; i++) {
        for (int j = 0; j < COMMIT.length; j++) {
          if (buffer[i + j] != COMMIT[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closed already.
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
