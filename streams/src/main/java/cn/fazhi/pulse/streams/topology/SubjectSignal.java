package cn.fazhi.pulse.streams.topology;

import java.time.Instant;

/**
 * What reaches the processor that keeps the subjects of dead letters ({@link RejectedSubjects}),
 * partitioned by the subject's entity: a rejection of a subject, or a valid event that may fix one.
 */
sealed interface SubjectSignal {

    /**
     * A dead letter about a subject.
     *
     * @param subjectId the subject ({@code RejectionSubject#id}), or the dead letter's own position for one without
     * @param townCode the town it counts in, {@code 000000000000} when unknown
     * @param arrivedAt when the dead letter reached its topic: its month is the one it counts in
     * @param evidenceKey the key of its evidence item, {@code fazhi.dlq|partition|offset}
     * @param source the file, request or topic the refused record came from, when known
     * @param position its row, line or offset there, when known
     * @param reason why it was refused, in Chinese and English
     */
    record Rejected(String subjectId, String townCode, Instant arrivedAt, String evidenceKey, String source, String position,
                    String reason) implements SubjectSignal {}

    /** A valid event of the entity the signal is keyed by, which fixes the subjects it answers. */
    record Valid(String eventId) implements SubjectSignal {}
}
