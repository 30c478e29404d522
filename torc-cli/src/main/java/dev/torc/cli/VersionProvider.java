package dev.torc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version the CLI was built as, and the commit it was built from when built in a clone. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties build = read("version.properties");
    Properties git = read("git.properties");
    String version = build.getProperty("version", "(development build)");
    String commit = git.getProperty("git.commit.id.abbrev");
    if (commit == null || commit.isBlank()) {
      return new String[] {"torc " + version};
    }
    boolean dirty = Boolean.parseBoolean(git.getProperty("git.dirty", "false"));
    return new String[] {
      "torc " + version + " (commit " + commit + (dirty ? ", with local changes" : "") + ")"
    };
  }

  private static Properties read(String resource) {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // An unreadable resource leaves its values unknown, which the version line says.
    }
    return properties;
  }
}
