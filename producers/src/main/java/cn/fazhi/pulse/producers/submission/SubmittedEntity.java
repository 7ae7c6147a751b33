package cn.fazhi.pulse.producers.submission;

import java.util.List;

/**
 * What the submissions so far said about one entity of a ledger: its steps, withdrawn ones
 * included (their ids can never count again).
 *
 * @param year the year of its opening step, what a sync covers
 * @param place the row it was on, in the submission that last changed it
 */
public record SubmittedEntity(EntityKey key, int year, String place, List<SubmittedStep> steps) {

    public SubmittedEntity {
        steps = List.copyOf(steps);
    }

    /** Whether any step still counts. */
    public boolean live() {
        return steps.stream().anyMatch(s -> !s.withdrawn());
    }
}
