package dev.torc.sdk;

/**
 * Which slice of a long list to return.
 *
 * @param limit how many at most, from 1 to {@link #MAX_LIMIT}
 * @param offset how many to skip first
 */
public record Page(int limit, int offset) {
  /** The default page size. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page. */
  public static final int MAX_LIMIT = 10_000;

  /**
   * Checks the bounds.
   *
   * @param limit how many at most, from 1 to {@link #MAX_LIMIT}
   * @param offset how many to skip first
   */
  public Page {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new InvalidRequestException("offset cannot be negative, was " + offset);
    }
  }

  /**
   * The first {@value #DEFAULT_LIMIT}.
   *
   * @return the first page of the default size
   */
  public static Page first() {
    return new Page(DEFAULT_LIMIT, 0);
  }

  /**
   * {@code limit} items after skipping {@code offset}.
   *
   * @param limit how many at most, from 1 to {@link #MAX_LIMIT}
   * @param offset how many to skip first
   * @return the page
   */
  public static Page of(int limit, int offset) {
    return new Page(limit, offset);
  }

  /**
   * The page after this one.
   *
   * @return the page of the same size that follows
   */
  public Page next() {
    return new Page(limit, offset + limit);
  }
}
