package cn.fazhi.pulse.producers.simulate;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** An event of a simulated history and when it reaches the pipeline; ordered by arrival. */
public record SimulatedEvent(SpecificRecord event, Instant arrivedAt, long sequence) implements Comparable<SimulatedEvent> {

    @Override
    public int compareTo(SimulatedEvent other) {
        int byArrival = arrivedAt.compareTo(other.arrivedAt);
        return byArrival != 0 ? byArrival : Long.compare(sequence, other.sequence);
    }
}
