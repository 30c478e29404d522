package dev.torc.store.internal;

import dev.torc.store.internal.GraphRows.Candidate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A claim's ready jobs, highest priority first, then lowest id, read a page at a time as the claim
 * walks them, so that a claim that stops after a few jobs reads (and, on PostgreSQL, locks) only
 * those few rather than every candidate it was allowed to look at. Pages grow from {@link
 * #FIRST_PAGE} by doubling, and the pages together hold at most {@code limit} jobs.
 */
final class CandidatePages implements Iterable<Candidate> {
  /** Enough for a claim by a runner with a few free CPUs, the usual case. */
  static final int FIRST_PAGE = 16;

  /** Where a page starts: after the job with this priority and id, or at the top when null. */
  record After(int priority, long id) {}

  /** A candidate with the priority the next page starts after. */
  record Ranked(Candidate candidate, int priority) {}

  /** Reads one page: at most {@code size} candidates after {@code after}, in claim order. */
  @FunctionalInterface
  interface PageReader {
    List<Ranked> read(After after, int size);
  }

  private final PageReader reader;
  private final long limit;

  CandidatePages(PageReader reader, long limit) {
    this.reader = reader;
    this.limit = limit;
  }

  @Override
  public Iterator<Candidate> iterator() {
    return new Iterator<>() {
      private List<Ranked> page = List.of();
      private int next;
      private long read;
      private int size = FIRST_PAGE;
      private After after;
      private boolean exhausted = limit <= 0;

      @Override
      public boolean hasNext() {
        if (next < page.size()) {
          return true;
        }
        if (exhausted) {
          return false;
        }
        int want = (int) Math.min(size, limit - read);
        page = reader.read(after, want);
        next = 0;
        read += page.size();
        size = (int) Math.min((long) size * 2, Integer.MAX_VALUE);
        exhausted = page.size() < want || read >= limit;
        if (!page.isEmpty()) {
          Ranked last = page.get(page.size() - 1);
          after = new After(last.priority(), last.candidate().id());
        }
        return !page.isEmpty();
      }

      @Override
      public Candidate next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.get(next++).candidate();
      }
    };
  }
}
