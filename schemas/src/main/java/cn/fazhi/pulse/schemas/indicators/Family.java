package cn.fazhi.pulse.schemas.indicators;

import java.util.Locale;

/**
 * The first part of an indicator id (mediation.accepted → mediation): what the report asks when it
 * decides whether a town has anything to say about a domain.
 */
public enum Family {
    MEDIATION,
    PETITION,
    CASE,
    TRAINING,
    EXAM,
    PUBLICITY,
    LEGAL,
    ENFORCEMENT,
    RULEMAKING,
    DECISIONS,
    DQ;

    private final String prefix = name().toLowerCase(Locale.ROOT) + ".";

    /** True when the indicator id is of this family. */
    public boolean contains(String indicatorId) {
        return indicatorId.startsWith(prefix);
    }
}
