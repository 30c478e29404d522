package dev.torc.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.store.internal.CandidatePages.After;
import dev.torc.store.internal.CandidatePages.Ranked;
import dev.torc.store.internal.GraphRows.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CandidatePagesTest {
  /** Ready jobs in claim order (priority descending, then id), and the pages asked for. */
  private final List<Ranked> ready = new ArrayList<>();

  private final List<Integer> sizes = new ArrayList<>();

  private List<Ranked> read(After after, int size) {
    sizes.add(size);
    return ready.stream()
        .filter(
            r ->
                after == null
                    || r.priority() < after.priority()
                    || (r.priority() == after.priority() && r.candidate().id() > after.id()))
        .limit(size)
        .toList();
  }

  private void addReady(long count, int priority) {
    long first = ready.size() + 1;
    LongStream.range(first, first + count)
        .forEach(id -> ready.add(new Ranked(new Candidate(id, 1, 0, 0, 60), priority)));
    ready.sort(
        Comparator.comparingInt(Ranked::priority)
            .reversed()
            .thenComparingLong(r -> r.candidate().id()));
  }

  private List<Long> ids(Iterable<Candidate> candidates, int take) {
    List<Long> ids = new ArrayList<>();
    for (Candidate c : candidates) {
      if (ids.size() == take) {
        break;
      }
      ids.add(c.id());
    }
    return ids;
  }

  @Test
  void aClaimThatStopsEarlyReadsOnlyTheFirstPage() {
    addReady(5_000, 0);
    assertThat(ids(new CandidatePages(this::read, 2_000), 2)).containsExactly(1L, 2L);
    assertThat(sizes).containsExactly(CandidatePages.FIRST_PAGE);
  }

  @Test
  void walkingOnReadsPagesThatDoubleUpToTheLimit() {
    addReady(5_000, 0);
    List<Long> all = ids(new CandidatePages(this::read, 100), Integer.MAX_VALUE);
    assertThat(all).hasSize(100).doesNotHaveDuplicates().isSorted();
    assertThat(sizes).containsExactly(16, 32, 52);
  }

  @Test
  void pagesContinueAfterTheLastCandidateInPriorityOrder() {
    addReady(20, 0);
    addReady(20, 5);
    List<Long> all = ids(new CandidatePages(this::read, 1_000), Integer.MAX_VALUE);
    List<Long> expected = ready.stream().map(r -> r.candidate().id()).toList();
    assertThat(all).containsExactlyElementsOf(expected);
    assertThat(all.get(0)).isEqualTo(21L);
  }

  @Test
  void aShortPageEndsTheWalk() {
    addReady(20, 0);
    assertThat(ids(new CandidatePages(this::read, 1_000), Integer.MAX_VALUE)).hasSize(20);
    assertThat(sizes).containsExactly(16, 32);
  }

  @Test
  void noLimitReadsNothing() {
    addReady(3, 0);
    assertThat(new CandidatePages(this::read, 0)).isEmpty();
    assertThat(sizes).isEmpty();
  }
}
