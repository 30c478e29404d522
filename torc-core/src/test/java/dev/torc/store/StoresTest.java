package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.store.internal.PostgresLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which store a location opens, and the locations that are refused with a clear error. */
class StoresTest {
  @TempDir Path dir;

  @Test
  void aFilePathOpensASqliteStoreInThatFile() {
    Path file = dir.resolve("sub/torc.db");
    try (WorkflowStore store = Stores.open(file.toString())) {
      store.createWorkflow(
          Workflow.builder("wf").job(JobSpec.builder("a").command("true").build()).build());
    }
    assertThat(file).exists();
    try (WorkflowStore store = Stores.open(file.toString())) {
      assertThat(store.listWorkflows()).hasSize(1);
    }
  }

  @Test
  void unknownSchemesAreRefusedWithoutCreatingAFile() {
    for (String location :
        new String[] {"mysql://u@h/db", "sqlite:torc.db", "jdbc:sqlite:torc.db", "http://h/x"}) {
      assertThatThrownBy(() -> Stores.open(location))
          .as(location)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("unknown database location")
          .hasMessageContaining("postgresql://");
    }
    assertThat(Path.of("mysql:")).doesNotExist();
    assertThat(Path.of("postgresql:")).doesNotExist();
  }

  @Test
  void malformedPostgresLocationsAreRefusedBeforeAnyConnection() {
    for (String location :
        new String[] {
          "postgresql://",
          "postgresql://user@/db",
          "postgresql://user@host",
          "postgresql://user@host/",
          "postgresql://user@host/db/more",
          "postgresql://user@host:notaport/db",
          "postgresql://user@host/db?schema=bad-name",
          "postgresql://user@host/db?sslmode=disable",
          "jdbc:postgresql:db"
        }) {
      assertThatThrownBy(() -> Stores.open(location))
          .as(location)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("PostgreSQL location");
    }
    assertThat(Files.exists(Path.of("postgresql:"))).isFalse();
  }

  @Test
  void aPasswordInTheLocationIsRefused() {
    for (String location :
        new String[] {
          "postgresql://user:secret@host/db", "jdbc:postgresql://host/db?user=u&password=secret"
        }) {
      assertThatThrownBy(() -> Stores.open(location))
          .as(location)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("PGPASSWORD")
          .hasMessageNotContaining("secret");
    }
  }

  @Test
  void locationsBecomeDriverUrlsWithTheirSchemaAndThePasswordFromTheEnvironment() {
    PostgresLocation plain =
        PostgresLocation.parse("postgresql://torc@db.example:6543/flows", Map.of());
    assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/flows?user=torc");
    assertThat(plain.schema()).isEqualTo("public");
    assertThat(plain.connectionProperties()).doesNotContainKey("password");

    PostgresLocation withSchema =
        PostgresLocation.parse(
            "postgresql://torc@db.example/flows?schema=team_a", Map.of("PGPASSWORD", "pw"));
    assertThat(withSchema.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example/flows?user=torc");
    assertThat(withSchema.schema()).isEqualTo("team_a");
    assertThat(withSchema.connectionProperties()).containsEntry("password", "pw");
    assertThat(withSchema.describe()).doesNotContain("pw");

    PostgresLocation jdbc =
        PostgresLocation.parse(
            "jdbc:postgresql://db.example:5432/flows?user=torc&schema=team_b&sslmode=disable",
            Map.of());
    assertThat(jdbc.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example:5432/flows?user=torc&sslmode=disable");
    assertThat(jdbc.schema()).isEqualTo("team_b");
  }

  @Test
  void aPostgresLocationOpensAStoreWhoseTablesLiveOnTheServer() {
    PostgresTestDatabase.url();
    String schema = PostgresTestDatabase.newSchema("stores");
    try (WorkflowStore store = Stores.open(PostgresTestDatabase.location(schema))) {
      long id =
          store.createWorkflow(
              Workflow.builder("wf").job(JobSpec.builder("a").command("true").build()).build());
      assertThat(store.getWorkflow(id).name()).isEqualTo("wf");
      assertThat(store.toString()).contains("PostgreSQL").contains(schema);
    } finally {
      PostgresTestDatabase.drop(schema);
    }
    assertThat(Path.of("postgresql:")).doesNotExist();
  }
}
