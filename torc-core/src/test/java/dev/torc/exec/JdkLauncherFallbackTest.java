package dev.torc.exec;

/** Every launcher test again, through the JDK's launcher and setsid (the path without glibc's). */
class JdkLauncherFallbackTest extends LocalProcessLauncherTest {
  @Override
  LocalProcessLauncher launcher() {
    return LocalProcessLauncher.create().withJdkLauncher();
  }
}
