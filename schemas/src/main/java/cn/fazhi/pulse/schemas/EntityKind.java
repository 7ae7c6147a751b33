package cn.fazhi.pulse.schemas;

/**
 * What an event is about: one case, one mediation, one training session, ... Every event of one
 * entity carries the same town code and id, goes to the same topic and, keyed by
 * {@code town_code|kind|entity_id}, to the same partition, so the entity's state lives in one place.
 */
public enum EntityKind {
    TOWN("town", EventTopic.TOWNS),
    CASE("case", EventTopic.CASES),
    MEDIATION("mediation", EventTopic.MEDIATIONS),
    PETITION("petition", EventTopic.PETITIONS),
    TRAINING_SESSION("session", EventTopic.TRAINING),
    EXAM("exam", EventTopic.TRAINING),
    PUBLICITY_ACTIVITY("activity", EventTopic.PUBLICITY),
    LEGAL_OPINION("opinion", EventTopic.LEGAL_SERVICES),
    LEGAL_CONSULTATION("consultation", EventTopic.LEGAL_SERVICES),
    VILLAGE_ADVISOR("advisor", EventTopic.LEGAL_SERVICES),
    INSPECTION("inspection", EventTopic.ENFORCEMENT),
    PENALTY("penalty", EventTopic.ENFORCEMENT),
    NORMATIVE_DOCUMENT("document", EventTopic.RULEMAKING),
    MAJOR_DECISION("decision", EventTopic.RULEMAKING);

    private final String keySegment;
    private final EventTopic topic;

    EntityKind(String keySegment, EventTopic topic) {
        this.keySegment = keySegment;
        this.topic = topic;
    }

    /** The middle part of the record key, e.g. {@code mediation}. */
    public String keySegment() {
        return keySegment;
    }

    public EventTopic topic() {
        return topic;
    }

    /** The record key of every event of this entity: {@code town_code|kind|entity_id}. */
    public String key(String townCode, String entityId) {
        return townCode + '|' + keySegment + '|' + entityId;
    }
}
