package cn.fazhi.pulse.runtime;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The cluster side of {@code fazhi setup}, which every service also runs on start: the pipeline's
 * topics, replicated as the cluster allows; and, run by an admin, the services' principals. Idempotent: topics that exist are left as they are, and
 * one with fewer copies than configured is reported (Kafka changes replication only by reassigning
 * partitions, a decision for a person); an event topic with another partition count than the
 * streams are built for is refused.
 */
public final class ClusterSetup {
    /** Kafka's documented default and minimum for SCRAM-SHA-512. */
    private static final int SCRAM_ITERATIONS = 8192;

    private ClusterSetup() {}

    /** What setup found and did. */
    public record Outcome(int brokers, Replication replication, List<String> created, List<String> underReplicated) {}

    public static Outcome topics(Admin admin, FazhiConfig config) throws ExecutionException, InterruptedException {
        int brokers = brokers(admin);
        Replication replication = Replication.decide(brokers, config.replicationFactor(), config.minInsyncReplicas(),
                config.standbyReplicas());
        List<String> created = TopicSetup.ensure(admin, replication.factor(), replication.minInsyncReplicas());
        List<String> names = Topics.all().stream().map(TopicContract::name).toList();
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        Map<String, Integer> partitions = new HashMap<>();
        described.forEach((name, description) -> partitions.put(name, description.partitions().size()));
        requireEventPartitions(partitions);
        List<String> under = new ArrayList<>();
        for (Map.Entry<String, TopicDescription> topic : described.entrySet()) {
            int copies = topic.getValue().partitions().get(0).replicas().size();
            if (copies < replication.factor()) {
                under.add(topic.getKey() + " has " + copies + (copies == 1 ? " replica" : " replicas") + ", "
                        + replication.factor() + " configured");
            }
        }
        return new Outcome(brokers, replication, created, under);
    }

    /**
     * Refuses event topics that do not have {@link Topics#EVENT_PARTITIONS} partitions, the count the
     * indicator streams are built for. The streams keep an entity's facts, and count the dead letters
     * about it, in the task of the partition its key gives on the event topics; the dead letters reach
     * that task over a topic of that many partitions. With another count an entity's events would go
     * to one task and the dead letters about it to another, where no valid event would fix them (and
     * a grown topic sends an entity's later events away from the facts kept of it).
     */
    static void requireEventPartitions(Map<String, Integer> partitions) {
        List<String> wrong = new ArrayList<>();
        for (TopicContract<?, ?> topic : Topics.allEvents()) {
            Integer found = partitions.get(topic.name());
            if (found != null && found != topic.partitions()) {
                wrong.add(topic.name() + " has " + found + (found == 1 ? " partition" : " partitions"));
            }
        }
        if (!wrong.isEmpty()) {
            throw new SetupException(String.join(", ", wrong) + "; the indicator streams need " + Topics.EVENT_PARTITIONS
                    + " on every event topic, to meet an entity's events and the dead letters about it in one task"
                    + " (recreate the topic with " + Topics.EVENT_PARTITIONS + " partitions, publish its events again"
                    + " and reset the streams application)");
        }
    }

    /**
     * Creates or updates the SCRAM-SHA-512 credential of each principal given a password, and grants
     * it its ACLs ({@link ServicePrincipal#acls}). Needs an admin principal (a super user, or one
     * allowed to alter the cluster). Idempotent: existing credentials are replaced, existing ACLs
     * left as they are.
     *
     * @return the user names set up
     */
    public static List<String> principals(Admin admin, FazhiConfig config, Map<ServicePrincipal, String> passwords)
            throws InterruptedException {
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        passwords.forEach((principal, password) -> {
            credentials.add(new UserScramCredentialUpsertion(principal.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password));
            acls.addAll(principal.acls(config));
        });
        try {
            admin.alterUserScramCredentials(credentials).all().get();
            admin.createAcls(acls).all().get();
        } catch (ExecutionException e) {
            throw new SetupException("cannot set up the principals " + passwords.keySet().stream().map(ServicePrincipal::user).toList()
                    + ": " + e.getCause().getMessage() + " (setup needs an admin principal: give its credentials as kafka.client.* settings)",
                    e.getCause());
        }
        return passwords.keySet().stream().map(ServicePrincipal::user).toList();
    }

    /**
     * Brokers registered with the controllers, fenced ones included: a broker down for a restart
     * while a service starts must not make the pipeline think the cluster smaller than it is.
     */
    static int brokers(Admin admin) throws ExecutionException, InterruptedException {
        return admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes().get().size();
    }
}
