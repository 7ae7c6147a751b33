package cn.fazhi.pulse.producers.submission;

import java.util.List;

/**
 * What the submissions so far published for one step of one entity.
 *
 * @param eventId the id it was published under
 * @param fingerprint the fingerprint of the version published (as the pipeline fingerprints it)
 * @param generation the generation of its id ({@link cn.fazhi.pulse.producers.ledger.StableEventIds})
 * @param superseded fingerprints of earlier versions under this id, which the pipeline ignores
 *     if sent again: a step edited back to one of them needs a new id
 * @param withdrawn the step was retracted (cleared or deleted); written again, it takes the next generation
 * @param content the event as JSON (it holds no personal data: events have none), to show what changed
 */
public record SubmittedStep(String step, String eventId, String eventType, long fingerprint, int generation, List<Long> superseded,
                            boolean withdrawn, String content) {

    public SubmittedStep {
        superseded = List.copyOf(superseded);
    }
}
