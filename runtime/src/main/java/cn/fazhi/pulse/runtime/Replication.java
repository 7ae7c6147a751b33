package cn.fazhi.pulse.runtime;

import java.util.Optional;

/**
 * How many copies of every topic the pipeline keeps, how many must hold a write before it counts,
 * and how many warm copies of its state each Kafka Streams task keeps on other instances.
 *
 * <p>Decided once from the cluster's size and the settings: on three or more brokers, three copies
 * with two in sync (one broker may die without losing a write or stopping producers); on fewer,
 * one. A factor larger than the cluster is refused instead of failing later on every topic.
 */
public record Replication(short factor, int minInsyncReplicas, int standbyReplicas) {
    /** Brokers from which the pipeline runs replicated by default. */
    public static final int CLUSTER_SIZE = 3;

    public Replication {
        if (factor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > factor || standbyReplicas < 0) {
            throw new IllegalArgumentException("replication " + factor + ", min.insync.replicas " + minInsyncReplicas
                    + ", standby replicas " + standbyReplicas);
        }
    }

    /**
     * @param brokers           brokers registered in the cluster, fenced ones included
     * @param factor            {@code kafka.replication.factor}, if set
     * @param minInsyncReplicas {@code kafka.min.insync.replicas}, if set
     * @param standbyReplicas   {@code streams.standby.replicas}, if set
     * @throws SetupException if the cluster cannot hold the factor, or min.insync.replicas exceeds it
     */
    public static Replication decide(int brokers, Optional<Short> factor, Optional<Integer> minInsyncReplicas,
                                     Optional<Integer> standbyReplicas) {
        short copies = factor.orElse(brokers >= CLUSTER_SIZE ? (short) CLUSTER_SIZE : (short) 1);
        if (copies > brokers) {
            throw new SetupException("kafka.replication.factor " + copies + " cannot be held by this cluster of " + brokers
                    + (brokers == 1 ? " broker" : " brokers") + ": every copy of a partition needs a broker of its own;"
                    + " start more brokers or set kafka.replication.factor to at most " + brokers);
        }
        int inSync = minInsyncReplicas.orElse(copies >= CLUSTER_SIZE ? copies - 1 : 1);
        if (inSync > copies) {
            throw new SetupException("kafka.min.insync.replicas " + inSync + " is more than the " + copies
                    + " replicas of kafka.replication.factor: no write could ever succeed");
        }
        return new Replication(copies, inSync, standbyReplicas.orElse(copies > 1 ? 1 : 0));
    }

    /** True when topics have several copies: the shape in which standby replicas are worth their cost. */
    public boolean replicated() {
        return factor > 1;
    }

    @Override
    public String toString() {
        return "replication " + factor + ", min.insync.replicas " + minInsyncReplicas + ", standby replicas " + standbyReplicas;
    }
}
