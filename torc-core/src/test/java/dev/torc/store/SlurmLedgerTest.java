package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobSpec;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slurm scheduler configurations, allocations and workers, in SQLite and in PostgreSQL. */
class SlurmLedgerTest {
  @TempDir Path dir;
  private String schema;

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      PostgresTestDatabase.drop(schema);
    }
  }

  @Test
  void sqlite() {
    check(() -> Stores.sqlite(dir.resolve("torc.db")));
  }

  @Test
  void postgres() {
    schema = PostgresTestDatabase.newSchema("ledger");
    String location = PostgresTestDatabase.location(schema);
    check(() -> Stores.open(location));
  }

  private static SlurmScheduler scheduler(String name, String partition) {
    return new SlurmScheduler(
        name, "acct", partition, 1, "00:30:00", "4G", null, null, null, null, "--exclusive");
  }

  private void check(Supplier<WorkflowStore> open) {
    try (WorkflowStore store = open.get()) {
      SlurmLedger ledger = SlurmLedger.of(store);
      long wf =
          store.createWorkflow(
              Workflow.builder("slurm")
                  .slurmScheduler(scheduler("first", "debug"))
                  .job(JobSpec.builder("a").command("true").build())
                  .build());
      List<SlurmSchedulerRecord> created = ledger.listSlurmSchedulerRecords(wf);
      assertThat(created).hasSize(1);
      assertThat(created.get(0).scheduler().name()).isEqualTo("first");

      SlurmSchedulerRecord second = ledger.addSlurmScheduler(wf, scheduler("second", null));
      assertThat(second.id()).isNotEqualTo(created.get(0).id());
      assertThat(ledger.listSlurmSchedulerRecords(wf))
          .extracting(r -> r.scheduler().name())
          .containsExactly("first", "second");
      assertThat(store.listSlurmSchedulers(wf))
          .extracting(SlurmScheduler::name)
          .containsExactly("first", "second");
      assertThatThrownBy(() -> ledger.addSlurmScheduler(wf, scheduler("first", null)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("named 'first' already");
      assertThatThrownBy(() -> ledger.addSlurmScheduler(wf + 99, scheduler("x", null)))
          .isInstanceOf(StoreException.class);

      SlurmSchedulerRecord updated =
          ledger.updateSlurmScheduler(second.id(), scheduler("renamed", "big"));
      assertThat(ledger.findSlurmScheduler(second.id()).orElseThrow().scheduler())
          .isEqualTo(updated.scheduler());
      assertThatThrownBy(() -> ledger.updateSlurmScheduler(second.id(), scheduler("first", null)))
          .isInstanceOf(StoreException.class);

      AllocationRecord a = ledger.recordAllocation(wf, second.id(), "renamed", "1234", 2);
      assertThat(a.state()).isEqualTo("PENDING");
      assertThat(a.live()).isTrue();
      Instant start = Instant.ofEpochMilli(1_700_000_000_000L);
      ledger.updateAllocation(a.id(), "RUNNING", start, null);
      ledger.updateAllocation(a.id(), "CANCELLED", start.plusSeconds(99), start.plusSeconds(60));
      AllocationRecord seen = ledger.findAllocation(wf, "1234").orElseThrow();
      assertThat(seen.state()).isEqualTo("CANCELLED");
      assertThat(seen.startedAt()).isEqualTo(start);
      assertThat(seen.endedAt()).isEqualTo(start.plusSeconds(60));
      assertThat(seen.live()).isFalse();

      ledger.recordWorker(a.id(), new RunnerInfo("node1", 42, null));
      ledger.recordWorker(a.id(), new RunnerInfo("node1", 42, null));
      ledger.recordWorker(a.id(), new RunnerInfo("node2", 7, null));
      assertThat(ledger.listWorkers(a.id()))
          .containsExactly(new RunnerInfo("node1", 42, null), new RunnerInfo("node2", 7, null));

      assertThat(ledger.deleteSlurmScheduler(second.id())).isTrue();
      assertThat(ledger.deleteSlurmScheduler(second.id())).isFalse();
      assertThat(ledger.listAllocations(wf))
          .singleElement()
          .satisfies(r -> assertThat(r.schedulerId()).isNull());

      assertThat(store.deleteWorkflow(wf)).isTrue();
      assertThat(ledger.listAllocations(wf)).isEmpty();
      assertThat(ledger.listWorkers(a.id())).isEmpty();
    }
  }

  @Test
  void theInMemoryStoreKeepsNone() {
    try (WorkflowStore store = Stores.inMemory()) {
      assertThatThrownBy(() -> SlurmLedger.of(store))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("keeps no Slurm allocations");
    }
  }
}
