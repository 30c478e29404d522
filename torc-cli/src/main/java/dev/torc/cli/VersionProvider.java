package dev.torc.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = TorcCommand.class.getPackage().getImplementationVersion();
    return new String[] {"torc " + (version == null ? "(development build)" : version)};
  }
}
