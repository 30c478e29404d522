package dev.torc.benchmarks;

import dev.torc.model.Workflow;
import dev.torc.spec.WorkflowSpecs;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures creating a large parameter sweep from a YAML spec (load, expand, resolve file
 * dependencies, validate, store in SQLite) against a plain JDBC batch insert of exactly the same
 * rows into a database with the same schema, both in this process.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.torc.benchmarks.SpecToStoreBenchmark [jobs]
 * [rounds]}; defaults 100000 jobs, 3 rounds (after one warm-up round of each).
 */
public final class SpecToStoreBenchmark {

  private SpecToStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createTempDirectory("torc-spec-bench");
    Path spec = writeSweepSpec(work, jobs);

    System.out.printf(
        Locale.ROOT,
        "Spec -> SQLite store, %d jobs (%d work jobs each reading a shared file and writing"
            + " its own, one fan-in job over a regex of files), %d rounds after a warm-up%n",
        jobs,
        jobs - 2,
        rounds);

    Map<String, List<Object[]>> rows = null;
    List<String> schema = null;
    List<Double> torcTimes = new ArrayList<>();
    List<Double> resolveTimes = new ArrayList<>();
    List<Double> plainTimes = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      Path torcDb = work.resolve("torc-" + round + ".db");
      double[] torc = timeTorc(spec, torcDb);
      if (rows == null) {
        schema = readSchema(torcDb);
        rows = readRows(torcDb);
      }
      double plain = timePlainInsert(schema, rows, work.resolve("plain-" + round + ".db"));
      if (round > 0) {
        torcTimes.add(torc[0]);
        resolveTimes.add(torc[1]);
        plainTimes.add(plain);
        System.out.printf(
            Locale.ROOT,
            "  round %d: torc %.2f s (load+resolve %.2f s), plain JDBC %.2f s%n",
            round,
            torc[0],
            torc[1],
            plain);
      }
    }
    long rowCount = rows.values().stream().mapToLong(List::size).sum();
    double torc = Medians.of(torcTimes);
    double plain = Medians.of(plainTimes);
    System.out.printf(
        Locale.ROOT,
        "rows per workflow: %d in %d tables%n"
            + "torc (spec -> store): %,.0f jobs/s (median %.2f s; load+resolve %.2f s)%n"
            + "plain JDBC batch insert of the same rows: %,.0f jobs/s (median %.2f s)%n"
            + "ratio torc/plain time: %.2fx (target: at most 2x)%n",
        rowCount,
        rows.size(),
        jobs / torc,
        torc,
        Medians.of(resolveTimes),
        jobs / plain,
        plain,
        torc / plain);
  }

  /** A sweep: one job writes a config, N-2 jobs read it and write one file each, one reads all. */
  static Path writeSweepSpec(Path dir, int jobs) throws IOException {
    int work = jobs - 2;
    String spec =
        """
        name: spec_to_store_benchmark
        description: %d-job sweep with file dependencies
        resource_requirements:
          - name: small
            num_cpus: 1
            memory: 1g
            runtime: PT10M
        files:
          - name: config
            path: data/config.json
          - name: out_{i:06d}
            path: data/out_{i:06d}.dat
            parameters:
              i: "1:%d"
        jobs:
          - name: prepare
            command: make_config > ${files.output.config}
          - name: work_{i:06d}
            command: simulate --index {i} --config ${files.input.config} > ${files.output.out_{i:06d}}
            resource_requirements: small
            parameters:
              i: "1:%d"
          - name: aggregate
            command: aggregate data/
            input_file_regexes:
              - "out_.*"
        """
            .formatted(jobs, work, work);
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(file, spec);
    return file;
  }

  /** Returns {total seconds, load-and-resolve seconds}. */
  private static double[] timeTorc(Path spec, Path db) {
    long start = System.nanoTime();
    Workflow workflow = WorkflowSpecs.load(spec);
    long resolved = System.nanoTime();
    try (WorkflowStore store = Stores.sqlite(db)) {
      store.createWorkflow(workflow);
    }
    long end = System.nanoTime();
    return new double[] {(end - start) / 1e9, (resolved - start) / 1e9};
  }

  private static List<String> readSchema(Path db) throws SQLException {
    List<String> ddl = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY type DESC")) {
      while (rs.next()) {
        ddl.add(rs.getString(1));
      }
    }
    return ddl;
  }

  private static Map<String, List<Object[]>> readRows(Path db) throws SQLException {
    Map<String, List<Object[]>> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table'"
                  + " AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        List<Object[]> tableRows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
              row[i] = rs.getObject(i + 1);
            }
            tableRows.add(row);
          }
        }
        rows.put(table, tableRows);
      }
    }
    return rows;
  }

  /** Inserts the rows with batched prepared statements in one transaction; returns seconds. */
  private static double timePlainInsert(
      List<String> schema, Map<String, List<Object[]>> rows, Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA foreign_keys=ON");
        for (String ddl : schema) {
          s.execute(ddl);
        }
      }
      long start = System.nanoTime();
      c.setAutoCommit(false);
      for (Map.Entry<String, List<Object[]>> table : rows.entrySet()) {
        if (table.getValue().isEmpty()) {
          continue;
        }
        int columns = table.getValue().get(0).length;
        String sql =
            "INSERT INTO \""
                + table.getKey()
                + "\" VALUES ("
                + String.join(",", Collections.nCopies(columns, "?"))
                + ")";
        try (PreparedStatement insert = c.prepareStatement(sql)) {
          for (Object[] row : table.getValue()) {
            for (int i = 0; i < columns; i++) {
              insert.setObject(i + 1, row[i]);
            }
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
      c.commit();
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
