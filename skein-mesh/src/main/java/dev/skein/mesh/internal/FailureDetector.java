package dev.skein.mesh.internal;

import java.time.Duration;

/**
 * Tells a slow peer from a dead one, from what this node hears of it. A peer is judged by its
 * silence: the time since any of its bytes arrived (a frame, or part of one still on its way), not
 * since its last heartbeat, which may wait behind its calls or a large value.
 *
 * <ul>
 *   <li><b>Suspected</b> once it has been silent for about one missed heartbeat:
 *       {@code 2 × heartbeatInterval + lateness}. New calls prefer other instances while it is
 *       suspected; calls in flight on it keep waiting.</li>
 *   <li><b>Gone</b> once it has been silent for {@code deadAfter + lateness}. Calls in flight on
 *       it are then sent elsewhere or failed.</li>
 * </ul>
 *
 * <p>{@code lateness} is what its heartbeats have shown: how much later than the heartbeat interval
 * they came on average, plus four standard deviations, over its last {@link HeartbeatHistory#WINDOW}
 * heartbeats, and at most {@code deadAfter} (an adaptive timeout, in the spirit of the phi-accrual
 * detectors of Cassandra and Pekko, but in milliseconds one can reason about). On a quiet network
 * it is a few milliseconds and a frozen or partitioned peer is gone after {@code deadAfter}; a peer
 * on a busy machine, whose heartbeats come late and irregular, is given up to twice that.
 *
 * <p>This node may itself be the slow one: when its own check runs more than half an interval late
 * (a GC pause, a starved CPU), the frames of its peers may be waiting unread in its sockets, so no
 * peer is suspected or removed until one interval after it runs again, and the stall does not count
 * in any peer's silence ({@link #takeStallNanos}). Its I/O threads may be the
 * slow ones while its timer is on time: a peer found gone is removed only once the transport has
 * read what had reached it by then ({@code Transport.caughtUp}) and it is still silent.
 *
 * <p>The node's timer alone calls {@link #roundStarts}, once a heartbeat; the verdicts read only
 * final fields and the thread-safe history, from any thread.
 */
final class FailureDetector {

    /** What this node thinks of a peer now. */
    enum Verdict { ALIVE, SUSPECTED, GONE }

    private final long intervalNanos;
    private final long deadAfterNanos;
    private long lastRound;
    private boolean rounds;
    /** While this node recovers from a stall of its own: no verdicts until {@link #graceUntil}. */
    private boolean grace;
    private long graceUntil;
    private long lastStallNanos;
    /** Stalls found and not yet taken off the peers' silence ({@link #takeStallNanos}). */
    private long unforgiven;

    FailureDetector(Duration heartbeatInterval, Duration deadAfter) {
        this.intervalNanos = heartbeatInterval.toNanos();
        this.deadAfterNanos = deadAfter.toNanos();
    }

    /**
     * A round of checks starts at {@code now}: false when this node was itself stalled and gives its
     * peers' frames an interval to be read before it judges anyone.
     */
    boolean roundStarts(long now) {
        if (rounds) {
            long late = now - lastRound - intervalNanos;
            if (late > intervalNanos / 2) {
                lastStallNanos = late;
                unforgiven += late;
                grace = true;
                graceUntil = now + intervalNanos;
            }
        }
        rounds = true;
        lastRound = now;
        if (grace && now - graceUntil >= 0) grace = false;
        return !grace;
    }

    /**
     * The time this node was stalled since the last call, in nanoseconds, to be taken off its peers'
     * silence: a peer is not blamed for the time this node could not hear it, nor, when the pause
     * was the whole process's (a collection), for the heartbeats it could not send meanwhile.
     */
    long takeStallNanos() {
        long stall = unforgiven;
        unforgiven = 0;
        return stall;
    }

    /** How long this node's own last stall was (its check ran that late), in nanoseconds; 0 if none yet. */
    long lastStallNanos() {
        return lastStallNanos;
    }

    /** What to think of a peer silent since {@code lastHeardNanos} whose heartbeats showed {@code history}. */
    Verdict verdict(long now, long lastHeardNanos, HeartbeatHistory history) {
        long silence = now - lastHeardNanos;
        long lateness = lateness(history);
        if (silence > deadAfterNanos + lateness) return Verdict.GONE;
        if (silence > Math.min(deadAfterNanos, 2 * intervalNanos) + lateness) return Verdict.SUSPECTED;
        return Verdict.ALIVE;
    }

    /** The silence after which a peer with {@code history} is gone, in nanoseconds. */
    long goneAfterNanos(HeartbeatHistory history) {
        return deadAfterNanos + lateness(history);
    }

    private long lateness(HeartbeatHistory history) {
        return Math.min(deadAfterNanos, history.latenessNanos(intervalNanos));
    }
}
