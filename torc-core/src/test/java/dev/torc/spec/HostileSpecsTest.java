package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.internal.Printable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken specs are refused quickly, without exhausting memory, with one located,
 * printable line per problem. The corpus is {@code src/test/resources/hostile}, with what each
 * refusal says in {@code cases.tsv}; the specs too large to keep in the repository are generated.
 */
class HostileSpecsTest {
  /** Generous: each case takes milliseconds; this catches hangs, not slowness. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  /**
   * The most a case may allocate, garbage included: an oversized file reads 16 MiB, and a long
   * command expanded into many jobs renders its 256 Mi characters of text before it is refused.
   */
  private static final long MAX_ALLOCATED_BYTES = 768L << 20;

  @TempDir Path dir;

  static Stream<Arguments> corpus() throws IOException, URISyntaxException {
    Path hostile = Path.of(HostileSpecsTest.class.getResource("/hostile/cases.tsv").toURI());
    List<String> lines = Files.readAllLines(hostile, StandardCharsets.UTF_8);
    List<Arguments> cases =
        lines.stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(line -> line.split("\t", 2))
            .map(parts -> Arguments.of(hostile.resolveSibling(parts[0]), parts[1]))
            .toList();
    try (Stream<Path> files = Files.list(hostile.getParent())) {
      assertThat(files.filter(f -> !f.equals(hostile)).count())
          .as("every spec in the corpus has its expected refusal in cases.tsv")
          .isEqualTo(cases.size());
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void corpusSpecIsRefused(Path spec, String expected) {
    assertRefused(spec, expected);
  }

  @Test
  void oversizedSpecsAreRefusedAlikeInEveryFormat() throws IOException {
    String filler = "x".repeat(1000);
    for (String extension : List.of("yaml", "json", "json5")) {
      Path spec = dir.resolve("big." + extension);
      try (var out = Files.newBufferedWriter(spec)) {
        out.write(
            extension.equals("yaml")
                ? "name: w\nmetadata:\n"
                : "{\"name\": \"w\", \"metadata\": {\n");
        for (int i = 0; i < 17_500; i++) {
          out.write(
              extension.equals("yaml")
                  ? "  k" + i + ": " + filler + "\n"
                  : "\"k" + i + "\": \"" + filler + "\",\n");
        }
        out.write(extension.equals("yaml") ? "jobs: []\n" : "\"z\": 1}, \"jobs\": []}\n");
      }
      assertRefused(spec, "bytes long, more than the 16,777,216 bytes a spec may have");
    }
  }

  @Test
  void aVeryLongYamlLineIsRefusedWithItsPosition() throws IOException {
    Path spec = dir.resolve("line.yaml");
    Files.writeString(spec, "name: w\n# " + "x".repeat(2_000_000) + "\njobs: []\n");
    assertRefused(spec, "line.yaml:2:262145: line 2 is 2,000,002 characters long");
  }

  @Test
  void aVeryLongNameIsRefusedWithoutPrintingItWhole() throws IOException {
    Path spec = dir.resolve("name.json");
    String name = "n".repeat(10_000_000);
    Files.writeString(
        spec, "{\"name\": \"w\", \"jobs\": [{\"name\": \"" + name + "\", \"command\": \"echo\"}]}");
    SpecException refused = assertRefused(spec, "name.json:1:33: job name 'nnnnnnnnnn");
    assertThat(refused.getMessage())
        .contains("is 10,000,000 characters long, more than the 1,024 a name may have")
        .hasSizeLessThan(2 * SpecProblem.MAX_MESSAGE_LENGTH);
  }

  @Test
  void aVeryLongNameInATemplateIsRefusedAfterExpansion() throws IOException {
    Path spec = dir.resolve("expanded.yaml");
    Files.writeString(
        spec,
        "name: w\njobs:\n  - name: j_{i:>999}{i:>999}\n    command: echo\n"
            + "    parameters: {i: '1:2'}\n");
    assertRefused(spec, "characters long, more than the 1,024 a name may have");
  }

  @Test
  void aRegexAgainstManyNamesStopsAtTheWorkflowBudget() throws IOException {
    Path spec = dir.resolve("regexes.yaml");
    Files.writeString(
        spec,
        "name: w\njobs:\n  - name: j_{i}\n    command: echo\n    parameters: {i: '1:30000'}\n"
            + "  - name: z_{i}\n    command: echo\n    parameters: {i: '1:30000'}\n"
            + "    depends_on_regexes: ['j_{i}.*']\n");
    assertRefused(spec, "took more than 200,000,000 steps in all");
  }

  @Test
  void thousandsOfProblemsAreCappedAtOneHundredLines() throws IOException {
    Path spec = dir.resolve("problems.yaml");
    StringBuilder text = new StringBuilder("name: w\njobs:\n");
    for (int i = 0; i < 10_000; i++) {
      text.append("  - {name: j").append(i).append(", command: echo, colour: red}\n");
    }
    Files.writeString(spec, text);
    SpecException refused = assertRefused(spec, "unknown field 'colour' in job 'j0'");
    assertThat(refused.problems()).hasSize(101);
    assertThat(refused.problems().get(100).message()).isEqualTo("... and 9900 more problems");
  }

  /**
   * Loads the spec within the time bound, measuring what the loading thread allocates, and checks
   * that it is refused with the expected words on located, printable lines.
   */
  private static SpecException assertRefused(Path spec, String expected) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    long[] allocated = new long[1];
    Throwable thrown =
        assertTimeoutPreemptively(
            BOUND,
            () -> {
              long id = Thread.currentThread().getId();
              long before = threads.getThreadAllocatedBytes(id);
              Throwable t = catchThrowable(() -> WorkflowSpecs.load(spec));
              allocated[0] = threads.getThreadAllocatedBytes(id) - before;
              return t;
            },
            () -> spec.getFileName() + " took longer than " + BOUND);
    assertThat(thrown).as(spec.getFileName().toString()).isInstanceOf(SpecException.class);
    assertThat(allocated[0])
        .as("bytes allocated for " + spec.getFileName())
        .isLessThan(MAX_ALLOCATED_BYTES);
    SpecException refused = (SpecException) thrown;
    assertThat(refused.getMessage()).contains(expected);
    for (SpecProblem problem : refused.problems()) {
      assertThat(problem.toString()).startsWith(spec.toString());
      assertThat(Printable.firstControl(problem.toString())).isEqualTo(-1);
    }
    return refused;
  }
}
