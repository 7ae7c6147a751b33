package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.streams.domain.Measures;
import java.time.Instant;

/**
 * Measures of one scope-period (or a change to them) with the time of the newest event behind
 * them, which becomes the snapshots' {@code as_of}.
 */
public record Figures(Measures measures, Instant asOf) implements EntityOutput {
    public static final Figures NONE = new Figures(Measures.NONE, Instant.EPOCH);

    public Figures plus(Figures change) {
        return new Figures(measures.plus(change.measures), asOf.isAfter(change.asOf) ? asOf : change.asOf);
    }
}
