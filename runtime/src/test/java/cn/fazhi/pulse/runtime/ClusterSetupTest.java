package cn.fazhi.pulse.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSetupTest {

    @Test
    void shouldAcceptEventTopicsWithThePartitionsTheStreamsAreBuiltFor() {
        Map<String, Integer> partitions = asCreated();
        // the other topics' partitions do not decide where an entity's events and dead letters meet
        partitions.put(Topics.DEAD_LETTERS.name(), 3);
        partitions.put(Topics.EVIDENCE.name(), 12);

        assertThatCode(() -> ClusterSetup.requireEventPartitions(partitions)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAnEventTopicGrownBeyondThePartitionsTheStreamsAreBuiltFor() {
        Map<String, Integer> partitions = asCreated();
        partitions.put(EventTopic.MEDIATIONS.topicName(), Topics.EVENT_PARTITIONS * 2);

        assertThatThrownBy(() -> ClusterSetup.requireEventPartitions(partitions))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining(EventTopic.MEDIATIONS.topicName() + " has " + Topics.EVENT_PARTITIONS * 2 + " partitions")
                .hasMessageContaining("need " + Topics.EVENT_PARTITIONS);
    }

    @Test
    void shouldRefuseAnEventTopicCreatedWithFewerPartitions() {
        Map<String, Integer> partitions = asCreated();
        partitions.put(EventTopic.TOWNS.topicName(), 1);

        assertThatThrownBy(() -> ClusterSetup.requireEventPartitions(partitions))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining(EventTopic.TOWNS.topicName() + " has 1 partition;");
    }

    private static Map<String, Integer> asCreated() {
        Map<String, Integer> partitions = new HashMap<>();
        Topics.all().forEach((TopicContract<?, ?> topic) -> partitions.put(topic.name(), topic.partitions()));
        return partitions;
    }
}
