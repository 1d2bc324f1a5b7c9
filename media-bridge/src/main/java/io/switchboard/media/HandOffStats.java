package io.switchboard.media;

/**
 * A snapshot of the bounded hand-off between the socket readers and the event listener.
 *
 * @param capacity the buffer size (events)
 * @param queued events in the buffer now
 * @param highWaterMark the most events ever queued at once
 * @param offered events the readers handed over (accepted or dropped)
 * @param delivered events the listener has returned from
 * @param dropped events lost because the buffer was full
 * @param alarmThreshold queued count at or above which the alarm is raised
 * @param alarmActive the buffer is at or above the alarm threshold now (cleared below half of it)
 * @param alarmsRaised times the alarm was raised
 */
public record HandOffStats(int capacity, int queued, int highWaterMark, long offered,
    long delivered, long dropped, int alarmThreshold, boolean alarmActive, long alarmsRaised) {}
