package org.aftm.application.port.out;

/**
 * What a receiving link has seen, for status and metrics.
 *
 * @param received messages decoded and handed on
 * @param gaps messages missed, by sequence number
 * @param stale messages older than the link's age limit (still handed on; the receiver decides)
 * @param malformed frames that could not be decoded and were dropped with a log line
 */
public record LinkCounters(long received, long gaps, long stale, long malformed) {}
