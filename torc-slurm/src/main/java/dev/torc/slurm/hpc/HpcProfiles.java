package dev.torc.slurm.hpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The HPC profiles torc knows: the built-in ones (the original torc's Kestrel data) and custom ones
 * from the user's file, which replace built-in profiles of the same name. The file is {@code
 * $TORC_HPC_PROFILES} when set, else the system property {@code torc.hpc-profiles}, else {@code
 * $XDG_CONFIG_HOME/torc/hpc-profiles.yaml} (by default {@code ~/.config/torc/hpc-profiles.yaml}); a
 * missing file adds nothing. See {@link ProfileFiles} for its format ({@code torc hpc generate}
 * writes it).
 */
public final class HpcProfiles {
  /** The environment variable that names the custom profiles file. */
  public static final String FILE_ENV = "TORC_HPC_PROFILES";

  /** The system property that names the file when the environment variable does not. */
  public static final String FILE_PROPERTY = "torc.hpc-profiles";

  private final Map<String, HpcProfile> profiles;
  private final Path file;

  private HpcProfiles(Map<String, HpcProfile> profiles, Path file) {
    this.profiles = profiles;
    this.file = file;
  }

  /**
   * The built-in profiles only.
   *
   * @return the profiles torc ships with
   */
  public static List<HpcProfile> builtIn() {
    try (InputStream in = HpcProfiles.class.getResourceAsStream("builtin-profiles.yaml")) {
      if (in == null) {
        throw new IllegalStateException("builtin-profiles.yaml is missing from the class path");
      }
      return ProfileFiles.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin-profiles.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The custom profiles file this environment names (it may not exist).
   *
   * @param env looks up an environment variable, {@code null} when unset
   * @return the file's path
   */
  public static Path configFile(UnaryOperator<String> env) {
    String named = env.apply(FILE_ENV);
    if (named == null || named.isBlank()) {
      named = System.getProperty(FILE_PROPERTY);
    }
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    String config = env.apply("XDG_CONFIG_HOME");
    Path base =
        config != null && !config.isBlank()
            ? Path.of(config)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("torc").resolve("hpc-profiles.yaml");
  }

  /**
   * The built-in profiles and those of this file (when it exists).
   *
   * @throws IllegalArgumentException naming the file and the problem when it is not valid
   * @param customFile the custom profiles file
   * @return the profiles
   */
  public static HpcProfiles load(Path customFile) {
    Map<String, HpcProfile> all = new LinkedHashMap<>();
    builtIn().forEach(p -> all.put(p.name(), p));
    if (customFile != null && Files.isRegularFile(customFile)) {
      try {
        for (HpcProfile p :
            ProfileFiles.parse(Files.readString(customFile), customFile.toString())) {
          all.put(p.name(), p);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + customFile + ": " + e.getMessage(), e);
      }
    }
    return new HpcProfiles(all, customFile);
  }

  /**
   * The custom profiles file consulted, or {@code null}.
   *
   * @return the file, or {@code null}
   */
  public Path file() {
    return file;
  }

  /**
   * Every profile, built-in ones first.
   *
   * @return the profiles
   */
  public List<HpcProfile> all() {
    return new ArrayList<>(profiles.values());
  }

  /**
   * The profile with this name.
   *
   * @param name the profile's name
   * @return the profile, or empty
   */
  public Optional<HpcProfile> find(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  /**
   * The profile with this name.
   *
   * @throws IllegalArgumentException naming the known profiles when there is none
   * @param name the profile's name
   * @return the profile
   */
  public HpcProfile get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown HPC profile '"
                        + name
                        + "'; known: "
                        + String.join(", ", profiles.keySet())));
  }

  /**
   * The first profile whose detection rule matches this environment and host.
   *
   * @param env looks up an environment variable, {@code null} when unset
   * @param hostname this host's name, or {@code null}
   * @return the profile, or empty when none matches
   */
  public Optional<HpcProfile> detect(UnaryOperator<String> env, String hostname) {
    return profiles.values().stream().filter(p -> p.detect(env, hostname)).findFirst();
  }
}
