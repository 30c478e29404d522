package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.store.internal.PostgresWorkflowStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server, each test in a schema of its own. */
class PostgresWorkflowStoreTest extends WorkflowStoreContract {
  private String schema;

  @Override
  protected WorkflowStore openStore(Clock clock) {
    PostgresTestDatabase.url();
    schema = PostgresTestDatabase.newSchema("contract");
    return PostgresWorkflowStore.open(PostgresTestDatabase.location(schema), clock);
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      store.close();
      PostgresTestDatabase.drop(schema);
    }
  }

  @Test
  void theTablesLiveInTheirOwnSchemaOnTheServer() throws SQLException {
    long wf = store.createWorkflow(workflow(job("a"), job("b", "a")));
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
                    + " AND table_name IN ('workflow', 'job', 'result', 'event', 'runner')")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(5);
      }
    }
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM \"" + schema + "\".job WHERE workflow_id = ?")) {
      ps.setLong(1, wf);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }
}
