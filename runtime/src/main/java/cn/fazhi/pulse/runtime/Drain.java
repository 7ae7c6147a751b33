package cn.fazhi.pulse.runtime;

import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.streams.IndicatorStreams;
import cn.fazhi.pulse.streams.topology.IndicatorTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Everything published so far has been processed and stored", told from offsets: what the demo
 * waits for before it reads the database, what the benchmarks time, and what the tests await.
 */
public final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);
    /** The longest pause between two checks while something is still waited for. */
    static final Duration SLOWEST_CHECK = Duration.ofMillis(250);

    /** What a wait still waits for, or null when nothing. */
    @FunctionalInterface
    public interface Waiting {
        String waitingFor() throws InterruptedException, ExecutionException;
    }

    private final Admin admin;

    public Drain(Admin admin) {
        this.admin = admin;
    }

    /**
     * True when every event written to the input topics so far, and every change the topology
     * passed on through its repartition topics, and every dead letter, has been read and committed by the streams
     * application, nothing waits inside it to be published, and everything it published has
     * reached the broker. The last publication may still be in its transaction: callers confirm
     * over a few commit intervals.
     *
     * <p>The streams must be idle before the end offsets are read, with every record they passed on
     * acknowledged, and still idle after the committed offsets are read, with nothing passed on in
     * between: a processor counts its changes as gone once it has handed them to its producer, and
     * until the broker has them no end offset shows them, so that offsets committed before the hand-over
     * look complete.
     */
    public boolean processedAll(IndicatorStreams streams) throws InterruptedException, ExecutionException {
        OptionalLong idle = streams.idleMark();
        if (idle.isEmpty()) {
            return false;
        }
        String applicationId = streams.applicationId();
        List<String> topics = new ArrayList<>(Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toList());
        // dead letters count in dq.rejected too, through the subjects they concern
        topics.add(Topics.DEAD_LETTERS.name());
        for (String repartition : List.of(IndicatorTopology.REPARTITION, IndicatorTopology.SUBJECTS_REPARTITION,
                IndicatorTopology.REJECTIONS_REPARTITION)) {
            topics.add(applicationId + "-" + repartition + "-repartition");
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = TopicSetup.endOffsets(admin, topics);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // the repartition topics are created when the application first starts
            }
            throw e;
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        boolean allRead = ends.entrySet().stream().allMatch(end -> {
            OffsetAndMetadata c = committed.get(end.getKey());
            return end.getValue() == 0 || (c != null && c.offset() >= end.getValue());
        });
        return allRead && streams.isIdleSince(idle.getAsLong());
    }

    /**
     * True when the sink has stored every snapshot, evidence record and town registration (the
     * names the dashboard and the reports show) published so far: its positions, which count the
     * transaction markers after a partition's last record (one per stream thread that wrote to
     * it), reach the end of every partition of those topics.
     */
    public boolean storedAll(IndicatorSink sink) throws InterruptedException, ExecutionException {
        sink.failure().ifPresent(failure -> {
            throw new IllegalStateException("the sink stopped: " + failure.getMessage(), failure);
        });
        Map<TopicPartition, Long> stored = sink.storedThrough();
        return TopicSetup.endOffsets(admin, List.of(Topics.INDICATORS.name(), Topics.EVIDENCE.name(), EventTopic.TOWNS.topicName()))
                .entrySet().stream()
                .allMatch(end -> stored.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    /**
     * Waits until nothing is waited for in {@code confirmations} checks in a row, saying every half
     * minute what it still waits for; returns the {@link System#nanoTime()} of the first of those
     * checks. Checks start {@code every} apart and, while something is still waited for, space out
     * to {@link #SLOWEST_CHECK} at most: a check reads offsets from the broker and the streams'
     * metrics, and checking as often as at first through a long bulk load would take from the
     * pipeline a share of the CPU that it waits for.
     *
     * @throws IllegalStateException when it still waits after {@code timeout}
     */
    public static long await(Waiting waiting, Duration timeout, Duration every, int confirmations)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        long slowest = Math.max(every.toMillis(), SLOWEST_CHECK.toMillis());
        long pause = every.toMillis();
        long firstHeld = 0;
        int held = 0;
        while (true) {
            String waitingFor = waiting.waitingFor();
            if (waitingFor == null) {
                firstHeld = held == 0 ? System.nanoTime() : firstHeld;
                if (++held >= confirmations) {
                    return firstHeld;
                }
                pause = every.toMillis(); // confirm at the pace asked for
            } else {
                held = 0;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pipeline did not finish processing within " + timeout + ": still waiting for " + waitingFor);
                }
                if (System.nanoTime() > nextReport) {
                    LOG.info("still waiting for {}", waitingFor);
                    nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
                }
                pause = Math.min(slowest, pause + pause / 2 + 1);
            }
            Thread.sleep(pause);
        }
    }
}
