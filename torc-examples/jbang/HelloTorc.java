///usr/bin/env jbang "$0" "$@" ; exit $?
// A workflow built in code (a shell job, a parameter sweep and a Java task that sums their
// output) run on this machine with torc-core alone. The torc artifacts are not published yet: run
// `./mvnw install -DskipTests` in the repository first, then: jbang torc-examples/jbang/HelloTorc.java
// (add -Dtorc.version=X for another version). torc logs through SLF4J: slf4j-simple at level warn
// here; any SLF4J 2 binding works (see README).
//JAVA 17+
//DEPS dev.torc:torc-core:${torc.version:0.1.0-SNAPSHOT}
//DEPS org.slf4j:slf4j-simple:2.0.16
//JAVA_OPTIONS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn

import dev.torc.exec.MachineResources;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.run.JobRunner;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;

class HelloTorc {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("hello-torc");
    Workflow workflow =
        Workflow.builder("hello")
            .job(JobSpec.builder("greet").command("echo hello > " + dir.resolve("greet.txt")).build())
            .job(
                JobSpec.builder("square_{i}")
                    .command("echo $(( {i} * {i} )) > " + dir.resolve("square_{i}.txt"))
                    .parameter("i", "1:3")
                    .dependsOn("greet")
                    .build())
            .job(
                JobSpec.builder("sum")
                    .task(
                        ctx -> {
                          int sum = 0;
                          for (int i = 1; i <= 3; i++) {
                            sum += Integer.parseInt(
                                Files.readString(dir.resolve("square_" + i + ".txt")).strip());
                          }
                          ctx.stdout().println(sum);
                          System.out.println("sum of squares: " + sum);
                        })
                    .dependsOnRegexes("square_.*")
                    .build())
            .build();
    try (WorkflowStore store = Stores.sqlite(dir.resolve("torc.db"))) {
      long id = store.createWorkflow(workflow);
      RunOptions options =
          RunOptions.builder()
              .outputDir(dir.resolve("out"))
              .resources(new MachineResources(2, 1L << 30, 0))
              .tasks(workflow.javaTasks())
              .build();
      RunResult result = new JobRunner(store, id, options).run();
      for (RunResult.JobOutcome job : result.jobs()) {
        System.out.println(job.name() + " " + job.status().label());
      }
      System.out.println("outcome " + result.outcome());
    }
  }
}
