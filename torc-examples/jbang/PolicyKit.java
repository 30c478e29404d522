///usr/bin/env jbang "$0" "$@" ; exit $?
// A recovery chain tried out with the test kit alone (dev.torc:torc-testkit): scripted attempt
// outcomes for two jobs, fallback commands and a failing recovery script, played through the chain
// on a virtual clock in milliseconds, without processes. The torc artifacts are not published yet:
// run `./mvnw install -DskipTests` in the repository first, then:
// jbang torc-examples/jbang/PolicyKit.java (add -Dtorc.version=X for another version).
//JAVA 17+
//DEPS dev.torc:torc-testkit:${torc.version:0.1.0-SNAPSHOT}
//DEPS org.slf4j:slf4j-simple:2.0.16
//JAVA_OPTIONS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.recovery.Recovery;
import dev.torc.testkit.Outcome;
import dev.torc.testkit.SimulatedExecutor;
import dev.torc.testkit.SimulatedJob;
import dev.torc.testkit.SimulationReport;

class PolicyKit {
  public static void main(String[] args) {
    FailureHandler handler =
        FailureHandler.of("h", FailureRule.forExitCodes(3, "./restart-service.sh", 11));
    SimulationReport report =
        SimulatedExecutor.builder(
                Recovery.with(Recovery.jobFallbacks(), Recovery.failureHandlers()).policy())
            .job("fetch", Outcome.error("primary mirror: Connection refused"))
            .fallbacks("fetch", "fetch --mirror 2", "fetch --mirror 3")
            .commandOutcomes("fetch --mirror 2", Outcome.exit(7))
            .commandOutcomes("fetch --mirror 3", Outcome.success())
            .job(SimulatedJob.of("service", Outcome.exit(11), Outcome.success()).withHandler(handler))
            .failingRecoveryScript("./restart-service.sh")
            .build()
            .run();
    for (String job : new String[] {"fetch", "service"}) {
      System.out.println(
          job + " " + report.finalStatus(job).label() + " after " + report.attemptsOf(job).size());
    }
  }
}
