package cn.fazhi.pulse.producers.submission;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where what earlier submissions said is kept (PostgreSQL, in the application): the one thing the
 * submission needs besides the ledger itself, so that it can tell new from edited from unchanged.
 */
public interface SubmittedLedgers {

    /** Every entity of these towns and kinds that a submission ever published. */
    Map<EntityKey, SubmittedEntity> load(Set<String> townCodes, Set<String> kinds);

    /**
     * Records what a submission published, replacing what was kept for those entities.
     *
     * @return the submission's number, for its receipt
     */
    long save(Collection<SubmittedEntity> entities, SubmissionPlan plan, boolean sync);

    /** Nothing kept, nothing saved: every entity is new. */
    SubmittedLedgers NONE = new SubmittedLedgers() {
        @Override
        public Map<EntityKey, SubmittedEntity> load(Set<String> townCodes, Set<String> kinds) {
            return Map.of();
        }

        @Override
        public long save(Collection<SubmittedEntity> entities, SubmissionPlan plan, boolean sync) {
            return 0;
        }
    };
}
