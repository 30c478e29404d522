package dev.torc.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.exec.internal.OshiTreeSampler;
import dev.torc.exec.internal.ProcFsTreeSampler;
import dev.torc.exec.internal.ProcStat;
import dev.torc.exec.internal.ProcessTreeSampler;
import dev.torc.exec.internal.TreeUsage;
import dev.torc.model.ResourceMonitorConfig;
import dev.torc.model.ResourceMonitorConfig.Granularity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceMonitorTest {
  private static final long MIB = 1 << 20;
  private static final ResourceMonitorConfig FAST =
      new ResourceMonitorConfig(true, Granularity.SUMMARY, 0.05);

  @TempDir Path dir;
  private JobFixture jobs;
  private ResourceMonitor monitor;

  @BeforeEach
  void setUp() {
    jobs = new JobFixture(dir);
  }

  @AfterEach
  void tearDown() {
    jobs.close();
    if (monitor != null) {
      monitor.close();
    }
  }

  private Optional<UsageSummary> awaitSamples(String key, int samples) {
    Await.until(
        samples + " samples of " + key,
        JobFixture.BOUND,
        () -> monitor.current(key).map(s -> s.samples() >= samples).orElse(false));
    return monitor.current(key);
  }

  @Test
  void peakMemoryCoversWhatTheTreeHolds() throws Exception {
    monitor = ResourceMonitor.start(FAST);
    JobProcess job = jobs.start(JobFixture.holdMemory(80));
    monitor.track("hog", job.pid(), OptionalLong.empty(), UsageListener.NONE);

    Await.until(
        "the tree to hold 70 MiB",
        JobFixture.BOUND,
        () -> monitor.current("hog").map(s -> s.peakMemoryBytes() > 70 * MIB).orElse(false));
    job.kill();
    UsageSummary usage = monitor.untrack("hog").orElseThrow();

    assertThat(usage.peakMemoryBytes()).isGreaterThan(70 * MIB);
    assertThat(usage.avgMemoryBytes()).isPositive().isLessThanOrEqualTo(usage.peakMemoryBytes());
    assertThat(usage.timeSeries()).isEmpty();
    assertThat(monitor.trackedCount()).isZero();
  }

  @Test
  void aBusyLoopUsesCpu() {
    monitor = ResourceMonitor.start(FAST);
    JobProcess job = jobs.start("timeout 10 bash -c 'while :; do :; done'");
    monitor.track("busy", job.pid(), OptionalLong.empty(), UsageListener.NONE);

    awaitSamples("busy", 4);
    UsageSummary usage = monitor.untrack("busy").orElseThrow();

    assertThat(usage.samples()).isGreaterThanOrEqualTo(4);
    assertThat(usage.peakCpuPercent()).isPositive();
    assertThat(usage.avgCpuPercent()).isPositive().isLessThanOrEqualTo(usage.peakCpuPercent());
  }

  @Test
  void keepsATimeSeriesWhenAskedTo() {
    monitor = ResourceMonitor.start(new ResourceMonitorConfig(true, Granularity.TIME_SERIES, 0.05));
    JobProcess job = jobs.start("sleep 300 & sleep 300 & wait");
    monitor.track("tree", job.pid(), OptionalLong.empty(), UsageListener.NONE);

    Await.until(
        "both children to be sampled",
        JobFixture.BOUND,
        () ->
            monitor
                .current("tree")
                .map(s -> !s.timeSeries().isEmpty() && last(s.timeSeries()).processes() == 3)
                .orElse(false));
    UsageSummary usage = monitor.untrack("tree").orElseThrow();

    assertThat(usage.timeSeries()).hasSize(usage.samples());
    assertThat(last(usage.timeSeries()).memoryBytes()).isPositive();
    assertThat(usage.timeSeries()).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
  }

  @Test
  void aJobShorterThanOneIntervalIsSampledAtUntrackWhileAlive() {
    monitor = ResourceMonitor.start(new ResourceMonitorConfig(true, Granularity.SUMMARY, 3600));
    JobProcess job = jobs.start("sleep 300");
    Await.until(
        "the job to have become sleep in its own session",
        JobFixture.BOUND,
        () -> {
          // Until bash has exec'd sleep, the process may be between images with no resident pages.
          ProcStat stat = ProcStat.read(job.pid());
          return stat != null
              && stat.session() == job.pid()
              && stat.rssPages() > 0
              && commandName(job.pid()).equals("sleep");
        });
    monitor.track("short", job.pid(), OptionalLong.empty(), UsageListener.NONE);

    UsageSummary usage = monitor.untrack("short").orElseThrow();

    assertThat(usage.samples()).isEqualTo(1);
    assertThat(usage.peakMemoryBytes()).isPositive();
  }

  @Test
  void aJobThatEndedBeforeItsFirstSampleHasNoUsage() throws Exception {
    monitor = ResourceMonitor.start(new ResourceMonitorConfig(true, Granularity.SUMMARY, 3600));
    JobProcess job = jobs.start("true");
    monitor.track("gone", job.pid(), OptionalLong.empty(), UsageListener.NONE);
    assertThat(job.waitFor(JobFixture.BOUND)).isTrue();

    assertThat(monitor.untrack("gone")).isEmpty();
    assertThat(monitor.untrack("never tracked")).isEmpty();
  }

  @Test
  void tellsTheListenerOnceWhenMemoryGoesAboveTheLimit() {
    monitor = ResourceMonitor.start(FAST);
    JobProcess job = jobs.start(JobFixture.holdMemory(60));
    AtomicInteger told = new AtomicInteger();
    List<UsageSample> samples = new CopyOnWriteArrayList<>();
    monitor.track(
        "limited",
        job.pid(),
        OptionalLong.of(30 * MIB),
        new UsageListener() {
          @Override
          public void onSample(String jobKey, UsageSample sample) {
            samples.add(sample);
          }

          @Override
          public void onMemoryLimitExceeded(String jobKey, UsageSample sample, long limitBytes) {
            assertThat(sample.memoryBytes()).isGreaterThan(limitBytes);
            told.incrementAndGet();
          }
        });

    Await.until("the limit to be crossed", JobFixture.BOUND, () -> told.get() > 0);
    int seen = samples.size();
    Await.until("two more samples", JobFixture.BOUND, () -> samples.size() >= seen + 2);

    assertThat(told).hasValue(1);
    assertThat(job.isAlive()).as("the monitor only tells; it does not kill").isTrue();
  }

  @Test
  void rejectsAKeyThatIsAlreadyTracked() {
    monitor = ResourceMonitor.start(FAST);
    JobProcess job = jobs.start("sleep 300");
    monitor.track("twice", job.pid(), OptionalLong.empty(), UsageListener.NONE);

    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(
            () -> monitor.track("twice", job.pid(), OptionalLong.empty(), UsageListener.NONE));
  }

  @Test
  void procfsAndOshiSeeTheSameTree() {
    JobProcess job = jobs.start("sleep 300 & sleep 300 & wait");
    ProcessTreeSampler procfs = new ProcFsTreeSampler();
    ProcessTreeSampler oshi = new OshiTreeSampler();
    Await.until(
        "the tree to hold three processes",
        JobFixture.BOUND,
        () -> {
          TreeUsage usage = procfs.sample(job.pid());
          return usage != null && usage.processes() == 3;
        });

    TreeUsage fromProc = procfs.sample(job.pid());
    TreeUsage fromOshi = oshi.sample(job.pid());

    assertThat(fromOshi.processes()).isEqualTo(3);
    assertThat(fromOshi.rssBytes()).isBetween(fromProc.rssBytes() / 2, fromProc.rssBytes() * 2);
    job.kill();
    JobFixture.awaitGone(job.pid());
    assertThat(procfs.sample(job.pid())).isNull();
  }

  private static UsageSample last(List<UsageSample> samples) {
    return samples.get(samples.size() - 1);
  }

  private static String commandName(long pid) {
    try {
      return java.nio.file.Files.readString(ProcStat.PROC.resolve(pid + "/comm")).strip();
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
