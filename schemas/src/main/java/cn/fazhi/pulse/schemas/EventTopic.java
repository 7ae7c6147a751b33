package cn.fazhi.pulse.schemas;

/** The event topics, one per domain. Their contracts are in {@link Topics}. */
public enum EventTopic {
    // Not compacted: a town's registrations and their retractions share one key, and compaction
    // would keep only the last of them, so a replay would lose what the figures were built from.
    TOWNS("fazhi.towns", false),
    CASES("fazhi.events.cases", false),
    MEDIATIONS("fazhi.events.mediations", false),
    PETITIONS("fazhi.events.petitions", false),
    TRAINING("fazhi.events.training", false),
    PUBLICITY("fazhi.events.publicity", false),
    LEGAL_SERVICES("fazhi.events.legal", false),
    ENFORCEMENT("fazhi.events.enforcement", false),
    RULEMAKING("fazhi.events.rulemaking", false);

    private final String topicName;
    private final boolean compacted;

    EventTopic(String topicName, boolean compacted) {
        this.topicName = topicName;
        this.compacted = compacted;
    }

    public String topicName() {
        return topicName;
    }

    /** Whether only the latest record per key is kept; events are facts, so none of them is. */
    public boolean compacted() {
        return compacted;
    }
}
