package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.store.internal.SqliteWorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not torc's database is refused when opened, and left as it was. */
class ForeignDatabaseTest {
  @TempDir Path dir;

  @Test
  void anSqliteDatabaseOfAnotherProgramIsRefusedAndLeftAlone() throws Exception {
    Path file = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      st.execute("INSERT INTO customers (name) VALUES ('ada')");
    }
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> SqliteWorkflowStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "the file "
                + file
                + " is an SQLite database of another program (tables customers), not a torc"
                + " database; torc will not add its tables to it");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(tables(file)).containsExactly("customers");
  }

  @Test
  void aFileThatIsNoDatabaseIsRefusedAndLeftAlone() throws Exception {
    Path file = dir.resolve("notes.txt");
    String text = "these are my notes, not a database\n".repeat(200);
    Files.writeString(file, text);

    assertThatThrownBy(() -> SqliteWorkflowStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessage("the file " + file + " is not a torc database (not an SQLite database at all)");

    assertThat(Files.readString(file)).isEqualTo(text);
  }

  @Test
  void anEmptyFileAndTorcsOwnDatabaseOpen() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    SqliteWorkflowStore.open(empty).close();
    assertThat(tables(empty)).contains("schema_version", "workflow", "job");
    SqliteWorkflowStore.open(empty).close();
  }

  private static List<String> tables(Path file) throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    + " ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}
