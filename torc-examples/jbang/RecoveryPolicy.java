///usr/bin/env jbang "$0" "$@" ; exit $?
// A recovery chain built in code (circuit breaker, backoff, fallback commands, failure handlers),
// run in memory. The torc artifacts are not published: run `./mvnw install -DskipTests` in the
// repository first so that JBang finds them in ~/.m2, then: jbang torc-examples/jbang/RecoveryPolicy.java
//JAVA 17+
//DEPS dev.torc:torc-recovery:0.1.0-SNAPSHOT
//DEPS dev.torc:torc-examples:0.1.0-SNAPSHOT

import dev.torc.examples.RecoveryPolicyExample;

class RecoveryPolicy {
  public static void main(String[] args) throws Exception {
    RecoveryPolicyExample.main(args);
  }
}
