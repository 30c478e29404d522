/** Failure causes, classifiers and recovery policies. */
package dev.torc.recovery;
