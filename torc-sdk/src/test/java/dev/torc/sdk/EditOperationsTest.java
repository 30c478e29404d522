package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations behind {@code jobs create|update|delete} and editing files and user data. */
class EditOperationsTest extends TorcTest {
  private static final String SPEC =
      """
      name: edits
      resource_requirements:
        - name: big
          num_cpus: 2
          memory: 64m
          runtime: PT10M
      files:
        - name: out
          path: %s/out.txt
      user_data:
        - name: cfg
          data: {x: 1}
      jobs:
        - name: first
          command: echo one > ${files.output.out}
        - name: reader
          command: cat ${files.input.out} ${user_data.input.cfg}
        - name: sized
          command: "true"
          resource_requirements: big
      """;

  @Test
  void aCreatedJobWaitsForItsBlockingJobsAndRunsAfterThem() throws Exception {
    long wf = fx.create(SPEC.formatted(dir));
    long first = fx.id(wf, "first");
    long sized = fx.id(wf, "sized");
    Path marker = dir.resolve("after.txt");

    JobView after =
        torc.createJob(
            wf,
            new NewJob(
                "after",
                "cat " + dir.resolve("out.txt") + " > " + marker,
                List.of(),
                List.of("out"),
                List.of(),
                sized,
                5),
            "tester");

    assertThat(after.job().status()).isEqualTo(JobStatus.BLOCKED);
    assertThat(after.job().dependsOn()).containsExactly("first");
    assertThat(after.job().priority()).isEqualTo(5);
    Map<String, Object> json = after.toJson();
    assertThat(json.get("depends_on_job_ids")).isEqualTo(List.of(first));
    assertThat(json.get("resource_requirements_id")).isEqualTo(sized);
    assertThat(torc.createJob(wf, NewJob.of("free", "true"), "t").job().status())
        .isEqualTo(JobStatus.READY);

    fx.run(wf);

    assertThat(fx.jobs(wf).get("after").status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(Files.readString(marker)).isEqualTo("one\n");
    assertThat(torc.events(wf, null).events())
        .anyMatch(e -> e.message().startsWith("created job 'after' by tester"));
  }

  @Test
  void creatingAJobRefusesBadReferences() {
    long wf = fx.create(SPEC.formatted(dir));
    long other = fx.create(SPEC.formatted(dir));
    long foreign = fx.id(other, "first");
    assertThatThrownBy(
            () ->
                torc.createJob(
                    wf, new NewJob("x", "true", List.of(foreign), null, null, null, null), "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not a job of workflow " + wf);
    assertThatThrownBy(() -> torc.createJob(wf, NewJob.of("first", "true"), "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("duplicate job name 'first'");
    assertThatThrownBy(
            () ->
                torc.createJob(wf, new NewJob("x", "true", null, null, null, 999_999L, null), "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no resource requirements with id 999999");
    assertThatThrownBy(
            () ->
                torc.createJob(
                    wf, new NewJob("x", "true", null, null, List.of("out"), null, null), "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cannot write file 'out'");
    assertThat(fx.jobs(wf)).hasSize(3);
  }

  @Test
  void updatesAJobAndRefusesWhileItRuns() {
    long wf = fx.create(SPEC.formatted(dir));
    long sized = fx.id(wf, "sized");
    long first = fx.id(wf, "first");

    JobView updated = torc.updateJob(first, "echo two", sized, "PT3M", 2, "t");

    assertThat(updated.job().command()).isEqualTo("echo two");
    assertThat(updated.job().requirements().numCpus()).isEqualTo(2);
    assertThat(updated.job().requirements().runtime()).hasMinutes(3);
    assertThat(updated.job().priority()).isEqualTo(2);
    assertThatThrownBy(() -> torc.updateJob(first, null, null, null, null, "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("nothing to change");
    assertThatThrownBy(() -> torc.updateJob(first, null, null, "soon", null, "t"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void deletesAJobOnlyWhenNoneDependsOnIt() {
    long wf = fx.create(SPEC.formatted(dir));
    long first = fx.id(wf, "first");
    long reader = fx.id(wf, "reader");

    assertThatThrownBy(() -> torc.deleteJob(first, "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'reader' (id " + reader + ")");

    assertThat(torc.deleteJob(reader, "t").job().name()).isEqualTo("reader");
    assertThat(torc.deleteJob(first, "t").job().name()).isEqualTo("first");
    assertThat(fx.jobs(wf)).containsOnlyKeys("sized");
  }

  @Test
  void editsFilesAndUserDataThatNoJobUses() {
    long wf = fx.create(SPEC.formatted(dir));

    Map<String, Object> created = torc.createFile(wf, "extra", dir + "/extra.txt", "t");
    assertThat(created)
        .containsEntry("name", "extra")
        .containsEntry("path", dir + "/extra.txt")
        .containsEntry("st_mtime", null);
    assertThat(torc.updateFile(wf, "extra", "/tmp/elsewhere", "t"))
        .containsEntry("path", "/tmp/elsewhere");
    assertThatThrownBy(() -> torc.deleteFile(wf, "out", "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'first'")
        .hasMessageContaining("'reader'");
    assertThat(torc.deleteFile(wf, "extra", "t")).containsEntry("name", "extra");
    assertThatThrownBy(() -> torc.deleteFile(wf, "extra", "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has no file 'extra'");

    assertThat(torc.createUserData(wf, "more", Map.of("k", List.of(1, 2)), "t"))
        .containsEntry("data", Map.of("k", List.of(1, 2)));
    assertThat(torc.updateUserData(wf, "more", "text", "t")).containsEntry("data", "text");
    assertThatThrownBy(() -> torc.deleteUserData(wf, "cfg", "t"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'reader'");
    assertThat(torc.deleteUserData(wf, "more", "t")).containsEntry("data", "text");
    assertThat(torc.userData(wf, null, ListQuery.all()).items())
        .extracting(d -> d.get("name"))
        .containsExactly("cfg");
  }
}
