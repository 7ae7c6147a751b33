package cn.fazhi.pulse.runtime;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka principals the services run as, each with the least ACLs its work needs. Every one may
 * describe the pipeline's topics (a service checks on start that they exist and have leaders);
 * beyond that:
 *
 * <ul>
 *   <li>{@link #STREAMS}: read the event topics and dead letters (the topology counts rejections);
 *       write indicators, evidence and dead letters; everything on
 *       the topics, the consumer group and the transactional ids of its application id (prefixed:
 *       Kafka Streams names its internal topics and transactional ids after it);</li>
 *   <li>{@link #SINK}: read indicators, evidence and the towns (the names it stores) in its consumer group;
 *       write dead letters;</li>
 *   <li>{@link #WEB}: write the event topics and dead letters (ingest); read indicators (the live
 *       feed, no group); describe the streams' and the sink's groups (the metrics' lag);</li>
 *   <li>{@link #IMPORTER}: write the event topics and dead letters ({@code fazhi import},
 *       {@code fazhi simulate --publish}, other systems publishing events).</li>
 * </ul>
 */
public enum ServicePrincipal {
    STREAMS, SINK, WEB, IMPORTER;

    /** The user name, also the role's name in settings and environment variables: {@code streams}, {@code sink}, … */
    public String user() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The environment variable {@code fazhi setup --principals} reads this principal's password from. */
    public String passwordVariable() {
        return name() + "_KAFKA_PASSWORD";
    }

    /** Every ACL this principal needs, for the application id and sink group of {@code config}. */
    public List<AclBinding> acls(FazhiConfig config) {
        Grants grants = new Grants("User:" + user());
        Topics.all().stream().map(TopicContract::name).forEach(topic -> grants.topic(topic, AclOperation.DESCRIBE));
        List<String> events = java.util.Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toList();
        switch (this) {
            case STREAMS -> {
                events.forEach(topic -> grants.topic(topic, AclOperation.READ));
                grants.topic(Topics.DEAD_LETTERS.name(), AclOperation.READ);
                grants.topic(Topics.INDICATORS.name(), AclOperation.WRITE);
                grants.topic(Topics.EVIDENCE.name(), AclOperation.WRITE);
                grants.topic(Topics.DEAD_LETTERS.name(), AclOperation.WRITE);
                grants.prefixed(ResourceType.TOPIC, config.applicationId() + "-", AclOperation.ALL);
                grants.literal(ResourceType.GROUP, config.applicationId(), AclOperation.ALL);
                grants.prefixed(ResourceType.TRANSACTIONAL_ID, config.applicationId() + "-", AclOperation.ALL);
            }
            case SINK -> {
                grants.topic(Topics.INDICATORS.name(), AclOperation.READ);
                grants.topic(Topics.EVIDENCE.name(), AclOperation.READ);
                grants.topic(EventTopic.TOWNS.topicName(), AclOperation.READ);
                grants.literal(ResourceType.GROUP, config.sinkGroupId(), AclOperation.READ);
                grants.topic(Topics.DEAD_LETTERS.name(), AclOperation.WRITE);
            }
            case WEB -> {
                events.forEach(topic -> grants.topic(topic, AclOperation.WRITE));
                grants.topic(Topics.DEAD_LETTERS.name(), AclOperation.WRITE);
                grants.topic(Topics.INDICATORS.name(), AclOperation.READ);
                grants.literal(ResourceType.GROUP, config.applicationId(), AclOperation.DESCRIBE);
                grants.literal(ResourceType.GROUP, config.sinkGroupId(), AclOperation.DESCRIBE);
            }
            case IMPORTER -> {
                events.forEach(topic -> grants.topic(topic, AclOperation.WRITE));
                grants.topic(Topics.DEAD_LETTERS.name(), AclOperation.WRITE);
            }
        }
        return List.copyOf(grants.bindings);
    }

    private static final class Grants {
        final String principal;
        final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void topic(String name, AclOperation operation) {
            literal(ResourceType.TOPIC, name, operation);
        }

        void literal(ResourceType type, String name, AclOperation operation) {
            add(new ResourcePattern(type, name, PatternType.LITERAL), operation);
        }

        void prefixed(ResourceType type, String prefix, AclOperation operation) {
            add(new ResourcePattern(type, prefix, PatternType.PREFIXED), operation);
        }

        private void add(ResourcePattern pattern, AclOperation operation) {
            bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
