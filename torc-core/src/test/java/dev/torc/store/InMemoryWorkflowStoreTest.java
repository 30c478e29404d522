package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.store.internal.InMemoryWorkflowStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class InMemoryWorkflowStoreTest extends WorkflowStoreContract {

  @Override
  protected WorkflowStore openStore(Clock clock) {
    return new InMemoryWorkflowStore(clock);
  }

  @Test
  void storesOpensAnEmptyInMemoryStore() {
    try (WorkflowStore fresh = Stores.inMemory()) {
      assertThat(fresh.listWorkflows()).isEmpty();
      assertThat(fresh.createWorkflow(workflow(job("a")))).isEqualTo(1);
    }
  }
}
