package dev.torc.exec.internal;

/**
 * What one walk of a process tree found.
 *
 * @param rssBytes resident memory summed over the tree
 * @param cpuNanos CPU time (user + system) summed over the tree, including children it has reaped
 * @param processes how many live processes the tree holds
 */
public record TreeUsage(long rssBytes, long cpuNanos, int processes) {}
