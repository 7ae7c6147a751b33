package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Scopes;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.Measures;
import cn.fazhi.pulse.streams.domain.Periods;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Counts every dead letter, whichever stage refused it (import, HTTP, this topology, the sink), in
 * dq.rejected of its town and arrival month; one whose town is missing or not a town code counts
 * under {@link Scopes#UNKNOWN}.
 */
final class RejectionCounter extends ContextualProcessor<String, byte[], String, Figures> {
    private static final Measures ONE_REJECTED = Measures.builder().count(Measure.DQ_REJECTED).build();

    @Override
    public void process(Record<String, byte[]> record) {
        String town = DeadLetter.townOf(record.headers());
        Instant arrivedAt = Instant.ofEpochMilli(record.timestamp());
        Bucket bucket = new Bucket(town == null ? Scopes.UNKNOWN : town, Periods.monthOf(arrivedAt));
        context().forward(new Record<>(bucket.key(), new Figures(ONE_REJECTED, arrivedAt), record.timestamp()));
    }
}
