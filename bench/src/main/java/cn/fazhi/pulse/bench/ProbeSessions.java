package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.events.TrainingKind;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The event the benchmarks add to see when it is reflected: one training session, whose only
 * effect on {@code training.sessions} of its town and month is +1, so a reader knows what to wait for.
 */
final class ProbeSessions {
    private ProbeSessions() {}

    static TrainingSessionHeld of(String id, String town, Instant at) {
        return TrainingSessionHeld.newBuilder().setEventId(id).setTownCode(town).setOccurredAt(at).setSessionId(id)
                .setTrainingKind(TrainingKind.COLLECTIVE_STUDY).setHours(BigDecimal.ONE.setScale(2)).setInvited(10).setAttended(10)
                .build();
    }
}
