package dev.torc.sdk;

import dev.torc.model.Workflow;
import dev.torc.slurm.hpc.ClusterProfileReader;
import dev.torc.slurm.hpc.HpcProfile;
import dev.torc.slurm.hpc.HpcProfiles;
import dev.torc.slurm.hpc.ProfileFiles;
import dev.torc.slurm.hpc.SchedulerPlanner;
import dev.torc.spec.SpecFormat;
import dev.torc.spec.WorkflowSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * HPC profiles and Slurm scheduler generation: what {@code torc hpc ...}, {@code torc slurm
 * generate} and {@code torc submit-slurm} do. Profiles are the built-in ones and the user's ({@link
 * HpcProfiles}); detection reads the environment and host name given.
 */
public final class Hpc {
  private final HpcProfiles profiles;
  private final UnaryOperator<String> env;
  private final String hostname;

  /**
   * The profiles, detected from this environment and host name.
   *
   * @param profiles the profiles known
   * @param env the environment detection reads
   * @param hostname this host's name
   */
  public Hpc(HpcProfiles profiles, UnaryOperator<String> env, String hostname) {
    this.profiles = profiles;
    this.env = env;
    this.hostname = hostname;
  }

  /**
   * The profiles of this process's environment: built-in ones and those of {@link
   * HpcProfiles#configFile}.
   *
   * @return the profiles, detected from this process's environment and host
   * @throws InvalidRequestException when the custom profiles file is invalid
   */
  public static Hpc fromEnvironment() {
    try {
      return new Hpc(
          HpcProfiles.load(HpcProfiles.configFile(System::getenv)), System::getenv, localHost());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * The profiles known and the custom profiles file consulted.
   *
   * @return the profiles
   */
  public HpcProfiles profiles() {
    return profiles;
  }

  /**
   * Every profile with whether it is detected here, as {@code torc hpc list} shows them.
   *
   * @return one row per profile: its name, display name, partition count and whether it is detected
   */
  public List<Map<String, Object>> list() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (HpcProfile p : profiles.all()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", p.name());
      row.put("display_name", p.displayName());
      row.put("partitions", p.partitions().size());
      row.put("detected", p.detect(env, hostname));
      rows.add(row);
    }
    return rows;
  }

  /**
   * The profile of the system torc runs on, if one is detected.
   *
   * @return the detected profile, or empty
   */
  public Optional<HpcProfile> detect() {
    return profiles.detect(env, hostname);
  }

  /**
   * The profile with this name, or the detected one when {@code name} is null.
   *
   * @param name the profile's name, or {@code null} for the detected one
   * @return the profile
   * @throws InvalidRequestException when there is no such profile, or none is detected
   */
  public HpcProfile profile(String name) {
    if (name == null) {
      return detect()
          .orElseThrow(
              () ->
                  new InvalidRequestException(
                      "no HPC profile detected on this system; name one with --hpc-profile"
                          + " (see torc hpc list)"));
    }
    try {
      return profiles.get(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /**
   * A profile as a map of the fields the original torc uses.
   *
   * @param p the profile
   * @return its fields, partitions included
   */
  public static Map<String, Object> describe(HpcProfile p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", p.name());
    json.put("display_name", p.displayName());
    json.put("description", p.description());
    json.put("detect_env_var", p.detectEnvVar());
    json.put("detect_hostname", p.detectHostname());
    json.put("default_account", p.defaultAccount());
    json.put("partitions", p.partitions().stream().map(Hpc::describe).toList());
    return json;
  }

  /**
   * A partition as a map of the fields the original torc uses.
   *
   * @param q the partition
   * @return its fields
   */
  public static Map<String, Object> describe(dev.torc.slurm.hpc.HpcPartition q) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", q.name());
    json.put("cpus_per_node", q.cpusPerNode());
    json.put("memory_mb", q.memoryMb());
    json.put("max_walltime_secs", q.maxWalltime().toSeconds());
    json.put("max_walltime", dev.torc.slurm.hpc.SlurmTimes.format(q.maxWalltime()));
    json.put("gpus_per_node", q.gpusPerNode());
    json.put("gpu_type", q.gpuType());
    json.put("min_nodes", q.minNodes());
    json.put("max_nodes", q.maxNodes());
    json.put("shared", q.shared());
    json.put("requires_explicit_request", q.requiresExplicitRequest());
    json.put("description", q.description());
    return json;
  }

  /**
   * {@code torc hpc generate}: the profile of the Slurm cluster this machine belongs to, read from
   * {@code sinfo} and {@code scontrol}, as YAML for the custom profiles file; written to {@code
   * output} when it is not null.
   *
   * @param name the profile's name, or {@code null} for the host's short name
   * @param skipStandby whether to leave out standby partitions (names ending in {@code -stdby})
   * @param output the file to write, or {@code null}
   * @param run runs a Slurm command and returns its output ({@link #runCommand} for the real ones)
   * @return the profile as YAML
   * @throws InvalidRequestException when Slurm is not installed or its output cannot be read
   */
  public String generateProfile(
      String name, boolean skipStandby, Path output, Function<List<String>, String> run) {
    String profileName = name != null ? name : hostname.split("\\.")[0];
    HpcProfile profile;
    try {
      profile = ClusterProfileReader.read(profileName, hostname, run, skipStandby);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("cannot read the cluster's partitions: " + e.getMessage());
    }
    String yaml = ProfileFiles.write(List.of(profile));
    if (output != null) {
      try {
        Files.writeString(output, yaml);
      } catch (IOException e) {
        throw new InvalidRequestException("cannot write " + output + ": " + e.getMessage());
      }
    }
    return yaml;
  }

  /**
   * Runs a command and returns its standard output.
   *
   * @param command the program and its arguments
   * @return what it wrote to standard output
   * @throws InvalidRequestException when it cannot start (Slurm not installed) or fails
   */
  public static String runCommand(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new InvalidRequestException(command.get(0) + " did not answer within 60 s");
      }
      if (p.exitValue() != 0) {
        throw new InvalidRequestException(
            String.join(" ", command)
                + " failed (exit "
                + p.exitValue()
                + "): "
                + new String(err, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRequestException(
          "Slurm is not installed here: cannot run "
              + command.get(0)
              + " ("
              + e.getMessage()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }

  /**
   * {@code torc slurm generate}: the spec with a Slurm scheduler per group of jobs and the actions
   * that schedule them (see {@link SchedulerPlanner}).
   *
   * @param spec the spec file
   * @param profileName the profile, or {@code null} for the detected one
   * @param options how to plan the schedulers: account, grouping, walltimes and actions
   * @return the workflow with its schedulers and actions
   * @throws InvalidRequestException when the profile is unknown or a job fits no partition
   * @throws dev.torc.model.SpecException when the spec is invalid
   */
  public Workflow generateSchedulers(
      Path spec, String profileName, SchedulerPlanner.Options options) {
    if (!Files.isRegularFile(spec)) {
      throw new InvalidRequestException("spec file not found: " + spec);
    }
    Workflow workflow = WorkflowSpecs.load(spec);
    try {
      return SchedulerPlanner.plan(workflow, profile(profileName), options);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /**
   * A generated workflow as spec text in the format of this file name (YAML by default).
   *
   * @param workflow the workflow
   * @param file the file the text is for, or {@code null} for YAML
   * @return the spec text
   */
  public static String specText(Workflow workflow, Path file) {
    SpecFormat format = SpecFormat.YAML;
    if (file != null) {
      try {
        format = SpecFormat.of(file);
      } catch (RuntimeException e) {
        format = SpecFormat.YAML;
      }
    }
    return WorkflowSpecs.write(workflow, format);
  }
}
