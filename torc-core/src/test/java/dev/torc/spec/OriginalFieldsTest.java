package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobSpec;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields and placeholders of the original torc's specs, and its KDL format. */
class OriginalFieldsTest {

  private static List<String> problems(String content, SpecFormat format) {
    try {
      WorkflowSpecs.parse(content, format, "wf");
    } catch (SpecException e) {
      return e.problems().stream().map(SpecProblem::toString).toList();
    }
    throw new AssertionError("expected the spec to be refused");
  }

  private static JobSpec job(Workflow w, String name) {
    return w.jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void userDataPlaceholdersBecomeJsonAndDependencies() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            user_data:
              - name: config
                data: {lr: 0.1, layers: [1, 2]}
              - name: result
            jobs:
              - name: consumer
                command: use '${user_data.input.config}' > ${user_data.output.result}
              - name: producer
                command: make ${user_data.output.config}
              - name: reader
                command: read ${user_data.input.result}
            """,
            SpecFormat.YAML,
            "w.yaml");
    assertThat(job(w, "consumer").command())
        .isEqualTo("use '{\"lr\":0.1,\"layers\":[1,2]}' > null");
    assertThat(job(w, "consumer").inputUserData()).containsExactly("config");
    assertThat(job(w, "consumer").outputUserData()).containsExactly("result");
    assertThat(job(w, "producer").outputUserData()).containsExactly("config");
    assertThat(job(w, "consumer").dependsOn()).containsExactly("producer");
    assertThat(job(w, "reader").dependsOn()).containsExactly("consumer");
  }

  @Test
  void anUnknownUserDataPlaceholderIsAnErrorNamingIt() {
    assertThat(
            problems(
                """
                name: w
                user_data:
                  - name: config
                    data: 1
                jobs:
                  - name: a
                    command: use ${user_data.input.confg}
                """,
                SpecFormat.YAML))
        .singleElement()
        .asString()
        .contains("job 'a' refers to unknown user data 'confg' in ${user_data.input.confg}")
        .contains("did you mean 'config'?");
  }

  @Test
  void metadataMayBeAJsonStringAsInTheOriginal() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            metadata: '{"team": "ml", "version": 2}'
            jobs: [{name: a, command: "true"}]
            """,
            SpecFormat.YAML,
            "w.yaml");
    assertThat(w.metadata()).isEqualTo(Map.of("team", "ml", "version", 2));
    assertThat(
            problems(
                "name: w\nmetadata: 'not json'\njobs: [{name: a, command: 'true'}]\n",
                SpecFormat.YAML))
        .singleElement()
        .asString()
        .contains("'metadata' of the workflow is text that is not a JSON object");
  }

  @Test
  void computeNodeFieldsAreRefusedSayingWhatTheyDo() {
    assertThat(
            problems(
                """
                name: w
                compute_node_wait_for_new_jobs_seconds: 60
                jobs: [{name: a, command: "true"}]
                """,
                SpecFormat.YAML))
        .singleElement()
        .asString()
        .startsWith("wf:2:1: 'compute_node_wait_for_new_jobs_seconds' is not supported")
        .contains("idle workers wait this long for new jobs");
  }

  @Test
  void monitorMetricsOtherThanThoseSampledAreRefused() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: w
            resource_monitor: {enabled: true, generate_plots: true, metrics: [cpu_percent]}
            jobs: [{name: a, command: "true"}]
            """,
            SpecFormat.YAML,
            "w.yaml");
    assertThat(w.resourceMonitor().generatePlots()).isTrue();
    assertThat(
            problems(
                "name: w\nresource_monitor: {metrics: [gpu_percent]}\njobs: [{name: a, command: x}]",
                SpecFormat.YAML))
        .singleElement()
        .asString()
        .contains("metric 'gpu_percent' of resource_monitor is not supported");
  }

  @Test
  void kdlSpecsReadAsTheOriginalLaysThemOut() {
    Workflow w =
        WorkflowSpecs.parse(
            """
            // a comment
            name "kdl_demo"
            metadata "{\\"k\\": 1}"
            resource_monitor { enabled #true; generate_plots true; }
            file "in" path="/tmp/in.txt"
            file "out" { path r"/tmp/out.txt"; }
            user_data "cfg" {
                is_ephemeral #true
                data #"{"a": [1, 2]}"#
            }
            resource_requirements "small" { num_cpus 1; memory "1g"; runtime "PT5M"; }
            failure_handler "fh" {
                rule { exit_codes 10 11; max_retries 2; }
                rule { match_all_exit_codes #true; }
            }
            job "make" {
                command "cat ${files.input.in} > ${files.output.out}"
                resource_requirements "small"
                failure_handler "fh"
                /- command "skipped"
            }
            job "use_{i}" {
                command \\
                    "use {i} ${user_data.input.cfg}"
                depends_on_job "make"
                input_file "out"
                parameters { i "1:2"; }
            }
            /- job "gone" { command "x"; }
            """,
            SpecFormat.KDL,
            "w.kdl");
    assertThat(w.name()).isEqualTo("kdl_demo");
    assertThat(w.metadata()).isEqualTo(Map.of("k", 1));
    assertThat(w.resourceMonitor().generatePlots()).isTrue();
    assertThat(w.jobs()).extracting(JobSpec::name).containsExactly("make", "use_1", "use_2");
    assertThat(job(w, "make").command()).isEqualTo("cat /tmp/in.txt > /tmp/out.txt");
    assertThat(job(w, "use_2").command()).isEqualTo("use 2 {\"a\":[1,2]}");
    assertThat(job(w, "use_2").dependsOn()).containsExactly("make");
    assertThat(w.userData().get(0).ephemeral()).isTrue();
    assertThat(w.failureHandlers().get(0).rules()).hasSize(2);
    assertThat(w.failureHandlers().get(0).rules().get(0).exitCodes()).containsExactly(10, 11);
  }

  @Test
  void kdlProblemsCarryTheirLineAndColumn() {
    assertThat(
            problems(
                "name \"w\"\njob \"a\" {\n  command \"x\"\n  dependson \"b\"\n}\n", SpecFormat.KDL))
        .singleElement()
        .asString()
        .isEqualTo("wf:4:3: unknown field 'dependson' in job 'a'; did you mean 'depends_on'?");
    assertThat(problems("name \"w\"\njob \"a\" {\n  command \"x\n}\n", SpecFormat.KDL))
        .singleElement()
        .asString()
        .startsWith("wf:3:11: syntax error: this string is never closed");
    assertThat(problems("name \"w\"\njob \"a\" {\n  command \"x\"\n", SpecFormat.KDL))
        .singleElement()
        .asString()
        .startsWith("wf:2:9: syntax error: this '{' is never closed");
    assertThatThrownBy(() -> WorkflowSpecs.write(Workflow.builder("w").build(), SpecFormat.KDL))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
