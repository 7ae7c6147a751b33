package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.evidence.EntityEvidence;

/**
 * What the entity-state processor passes on: a change of figures per town-month (to be rolled up),
 * or the evidence of an entity that changed (to be published as it is).
 */
sealed interface EntityOutput permits Figures, EntityOutput.Evidence {

    record Evidence(EntityEvidence evidence) implements EntityOutput {}
}
