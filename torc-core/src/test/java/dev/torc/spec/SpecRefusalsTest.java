package dev.torc.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.SpecException;
import org.junit.jupiter.api.Test;

/** What a spec may not hold, each refused when the workflow is created, with a located line. */
class SpecRefusalsTest {
  private static final String JOBS = "jobs:\n  - name: a\n    command: echo\n";

  private static void refused(String spec, SpecFormat format, String expected) {
    assertThatThrownBy(() -> WorkflowSpecs.parse(spec, format, "s"))
        .isInstanceOf(SpecException.class)
        .hasMessage(expected);
  }

  @Test
  void aSecondYamlDocumentIsRefused() {
    refused(
        "name: w\n" + JOBS + "---\nname: v\n" + JOBS,
        SpecFormat.YAML,
        "s:6:1: a second YAML document starts here; a spec is one document");
    refused(
        "name: w\n" + JOBS + "--- [1]\n",
        SpecFormat.YAML,
        "s:5:5: a second YAML document starts here; a spec is one document");
  }

  @Test
  void textAfterTheJsonObjectIsRefused() {
    String spec = "{\"name\": \"w\", \"jobs\": [{\"name\": \"a\", \"command\": \"echo\"}]}";
    refused(
        spec + " {}",
        SpecFormat.JSON,
        "s:1:59: text after the end of the spec: a spec is one object");
    refused(
        spec + "\n[]",
        SpecFormat.JSON5,
        "s:2:1: text after the end of the spec: a spec is one object");
    refused(
        spec + " oops",
        SpecFormat.JSON,
        "s:1:59: text after the end of the spec: syntax error: Unrecognized token 'oops': was"
            + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  @Test
  void controlCharactersInNamesAreRefusedAndEscaped() {
    refused(
        "name: w\nfiles:\n  - {name: \"f\\tg\", path: p}\nuser_data:\n  - {name: \"u\\x85\", data: 1}\n"
            + "resource_requirements:\n  - {name: \"r\\e\"}\nfailure_handlers:\n"
            + "  - {name: \"h\\0\", rules: [{exit_codes: [1]}]}\n"
            + JOBS,
        SpecFormat.YAML,
        "s:7:12: resource requirements name 'r\\x1b' has the control character \\x1b at position 2;"
            + " names must be printable\n"
            + "s:9:12: failure handler name 'h\\0' has the control character \\0 at position 2; names"
            + " must be printable\n"
            + "s:3:12: file name 'f\\tg' has the control character \\t at position 2; names must be"
            + " printable\n"
            + "s:5:12: user data name 'u\\x85' has the control character \\x85 at position 2; names"
            + " must be printable");
  }

  @Test
  void controlCharactersInTheUserAndProjectAreRefused() {
    refused(
        "name: w\nuser: \"ada\\e[2J\"\nproject: \"p\\r\"\n" + JOBS,
        SpecFormat.YAML,
        "s: user name 'ada\\x1b[2J' has the control character \\x1b at position 4; names must be"
            + " printable\n"
            + "s: project name 'p\\r' has the control character \\r at position 2; names must be"
            + " printable");
  }

  @Test
  void zeroAndAbsurdResourcesAreRefused() {
    refused(
        "name: w\nresource_requirements:\n"
            + "  - {name: a, memory: 0}\n"
            + "  - {name: b, memory: 0.0g, num_cpus: 100001, num_gpus: 10001, num_nodes: 100001}\n"
            + "  - {name: c, memory: 1025t, runtime: P366D}\n"
            + JOBS,
        SpecFormat.YAML,
        "s:3:5: resource requirements 'a': memory must be more than 0\n"
            + "s:4:5: resource requirements 'b': memory must be more than 0\n"
            + "s:4:5: resource requirements 'b': num_cpus 100001 is more than the most, 100000\n"
            + "s:4:5: resource requirements 'b': num_gpus 10001 is more than the most, 10000\n"
            + "s:4:5: resource requirements 'b': num_nodes 100001 is more than the most, 100000\n"
            + "s:5:5: resource requirements 'c': memory 1025t is more than the most, 1024t\n"
            + "s:5:5: resource requirements 'c': runtime of 366 days is longer than the most, 365"
            + " days (P365D)");
    refused(
        "name: w\nresource_requirements:\n  - {name: a, num_cpus: 3000000000, runtime: -PT1H}\n"
            + JOBS,
        SpecFormat.YAML,
        "s:3:25: 'num_cpus' of resource_requirements 'a' is too large: 3000000000\n"
            + "s:3:5: resource_requirements 'a': runtime must be positive, was PT-1H");
  }

  @Test
  void anUndefinedVariableInANameOrCommandIsRefusedAtItsJob() {
    refused(
        "name: w\njobs:\n  - name: run_{i}_{j}\n    command: echo {i}\n    parameters: {i: '1:2'}\n",
        SpecFormat.YAML,
        "s:3:5: job 'run_{i}_{j}': {j} in its name is not one of its parameters (it has i)");
    refused(
        "name: w\njobs:\n  - name: run_{i}\n    command: echo {i} > out_{n:03d}\n"
            + "    parameters: {i: '1:2'}\n",
        SpecFormat.YAML,
        "s:3:5: job 'run_{i}': {n:03d} in its command is not one of its parameters (it has i); for"
            + " braces the shell should see, put a space inside them, as in '{ print }'");
  }
}
