package dev.torc.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.diagnosis.JobLogs.Stream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogsTest {
  @TempDir Path dir;

  @Test
  void namesLogsLikeTheOriginal() {
    assertThat(JobLogs.stdoutPath(Path.of("out"), 1, 7, 2, 3))
        .isEqualTo(Path.of("out", "job_stdio", "job_wf1_j7_r2_a3.o"));
    assertThat(JobLogs.stderrPath(Path.of("out"), 1, 7, 2, 3))
        .isEqualTo(Path.of("out", "job_stdio", "job_wf1_j7_r2_a3.e"));
    assertThat(JobLogs.fileName(10, 20, 1, 1, Stream.STDERR)).isEqualTo("job_wf10_j20_r1_a1.e");
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("log");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void tailKeepsTheLastLinesAndTheFinalLineBreak() throws IOException {
    Path file = write("one\ntwo\nthree\n");

    assertThat(JobLogs.tail(file, 1)).isEqualTo("three\n");
    assertThat(JobLogs.tail(file, 2)).isEqualTo("two\nthree\n");
    assertThat(JobLogs.tail(file, 3)).isEqualTo("one\ntwo\nthree\n");
    assertThat(JobLogs.tail(file, 10)).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void tailOfAFileWithoutAFinalLineBreak() throws IOException {
    Path file = write("one\ntwo\nthree");

    assertThat(JobLogs.tail(file, 1)).isEqualTo("three");
    assertThat(JobLogs.tail(file, 2)).isEqualTo("two\nthree");
  }

  @Test
  void tailOfAnEmptyFileOrBlankLines() throws IOException {
    assertThat(JobLogs.tail(write(""), 3)).isEmpty();
    assertThat(JobLogs.tail(write("\n"), 1)).isEqualTo("\n");
    assertThat(JobLogs.tail(write("a\n\n\n"), 2)).isEqualTo("\n\n");
  }

  @Test
  void tailReadsAcrossBlocksOfALargeFile() throws IOException {
    String content =
        IntStream.range(0, 20_000).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    Path file = write(content);

    assertThat(JobLogs.tail(file, 3)).isEqualTo("line 19997\nline 19998\nline 19999\n");
    assertThat(JobLogs.tail(file, 5000).lines()).hasSize(5000).startsWith("line 15000");
    assertThat(JobLogs.tail(file, 20_000)).isEqualTo(content);
  }

  @Test
  void tailReplacesBytesThatAreNotUtf8() throws IOException {
    Path file = dir.resolve("binary");
    Files.write(file, new byte[] {'o', 'k', '\n', (byte) 0xff, 'x', '\n'});

    assertThat(JobLogs.tail(file, 1)).isEqualTo("\uFFFDx\n");
    assertThat(JobLogs.tail(file, 2).getBytes(StandardCharsets.UTF_8)).startsWith('o', 'k');
  }

  @Test
  void tailRefusesFewerThanOneLine() throws IOException {
    Path file = write("a\n");

    assertThatThrownBy(() -> JobLogs.tail(file, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
