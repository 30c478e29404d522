package dev.torc.store.internal;

/**
 * Why a transaction failed for a reason that passes: the store then runs it again from the start
 * after a pause, however long the fault lasts.
 */
enum StoreFault {
  /** Another transaction holds a lock the failed one needed (busy, locked, deadlock, conflict). */
  CONTENTION("is locked by another writer"),

  /** The connection to the database server was lost, or the server is restarting. */
  CONNECTION("cannot be reached"),

  /** The disk under the store is full, or reading or writing it failed. */
  STORAGE("cannot be written (disk full or I/O error)");

  private final String condition;

  StoreFault(String condition) {
    this.condition = condition;
  }

  /** What is wrong with the store, to follow its name in a message. */
  String condition() {
    return condition;
  }
}
