package dev.torc.sdk;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of one {@link Torc} over a SQLite file in a temporary directory. */
abstract class TorcTest {
  @TempDir Path dir;
  Fixture fx;
  Torc torc;

  @BeforeEach
  void open() {
    fx = new Fixture(dir);
    torc = fx.torc;
  }

  @AfterEach
  void close() {
    fx.close();
  }
}
