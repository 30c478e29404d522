package dev.torc.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row of every table of a SQLite store, as text: two dumps are equal when nothing changed.
 */
final class StoreDump {
  private StoreDump() {}

  static String of(Path database) throws SQLException {
    StringBuilder dump = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                  + " ORDER BY name")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String table : tables) {
        dump.append("== ").append(table).append('\n');
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              row.append(r.getMetaData().getColumnName(i)).append('=').append(r.getString(i));
              row.append(i < columns ? ", " : "\n");
            }
            rows.add(row.toString());
          }
        }
        rows.stream().sorted().forEach(dump::append);
      }
    }
    return dump.toString();
  }
}
