package dev.torc.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where torc keeps its store and the jobs' output when nothing names them: the directory {@value
 * #OUTPUT_DIR}, as in the original torc, with the store in {@code output/torc.db}. Workflows made
 * by earlier versions of torc for Java live in {@value #LEGACY_OUTPUT_DIR}: while {@code
 * ./torc_output/torc.db} exists and {@code ./output/torc.db} does not, that directory stays the
 * default, so their store and logs are still found.
 */
public final class DefaultLocations {
  /** The default output directory, as in the original torc. */
  public static final String OUTPUT_DIR = "output";

  /** The output directory of earlier versions, still used where its store exists. */
  public static final String LEGACY_OUTPUT_DIR = "torc_output";

  /** The store's file name inside the output directory. */
  public static final String DATABASE_FILE = "torc.db";

  private DefaultLocations() {}

  /**
   * The default output directory, relative to the working directory.
   *
   * @return {@value #LEGACY_OUTPUT_DIR} when {@code ./torc_output/torc.db} exists and {@code
   *     ./output/torc.db} does not, else {@value #OUTPUT_DIR}
   */
  public static Path outputDir() {
    return outputDir(Path.of(""));
  }

  /**
   * {@link #outputDir()} relative to another directory.
   *
   * @param base the directory to look in
   * @return the default output directory, {@code base}-relative
   */
  public static Path outputDir(Path base) {
    boolean legacy =
        Files.isRegularFile(base.resolve(LEGACY_OUTPUT_DIR).resolve(DATABASE_FILE))
            && !Files.exists(base.resolve(OUTPUT_DIR).resolve(DATABASE_FILE));
    return base.resolve(legacy ? LEGACY_OUTPUT_DIR : OUTPUT_DIR);
  }

  /** {@return the store in the {@link #outputDir() default output directory}} */
  public static Path database() {
    return outputDir().resolve(DATABASE_FILE);
  }
}
