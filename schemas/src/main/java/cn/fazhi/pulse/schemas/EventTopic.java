package cn.fazhi.pulse.schemas;

/** The event topics, one per domain. Their contracts are in {@link Topics}. */
public enum EventTopic {
    TOWNS("fazhi.towns", true),
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

    /** Reference data is compacted (latest wins); events are facts and are kept. */
    public boolean compacted() {
        return compacted;
    }
}
