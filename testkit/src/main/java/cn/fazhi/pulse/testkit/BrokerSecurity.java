package cn.fazhi.pulse.testkit;

import java.util.Map;
import java.util.Properties;

/**
 * How the client listeners of a {@link LocalKafkaCluster} are secured: not at all, or SASL/SCRAM-SHA-512
 * with ACLs enforced and one admin super user. The controller listener stays PLAINTEXT on loopback.
 */
public record BrokerSecurity(boolean scram, String adminUser, String adminPassword) {
    public static final BrokerSecurity NONE = new BrokerSecurity(false, "", "");

    /** SASL/SCRAM-SHA-512 with ACLs, {@code adminUser} the super user the brokers also talk as. */
    public static BrokerSecurity scram(String adminUser, String adminPassword) {
        return new BrokerSecurity(true, adminUser, adminPassword);
    }

    String listenerName() {
        return scram ? "SASL_PLAINTEXT" : "PLAINTEXT";
    }

    String protocol() {
        return listenerName();
    }

    Properties brokerProperties() {
        Properties p = new Properties();
        if (scram) {
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas(adminUser, adminPassword));
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // Brokers reach the controllers on the PLAINTEXT loopback listener, as ANONYMOUS.
            p.put("super.users", "User:" + adminUser + ";User:ANONYMOUS");
            p.put("allow.everyone.if.no.acl.found", "false");
        }
        return p;
    }

    Map<String, String> brokerEnvironment() {
        return Map.of();
    }

    /** Kafka client settings of a principal on this cluster (empty without security). */
    public Map<String, Object> clientSettings(String user, String password) {
        if (!scram) {
            return Map.of();
        }
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(user, password));
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public String toString() {
        return scram ? "SASL/SCRAM-SHA-512 (admin " + adminUser + ")" : "PLAINTEXT";
    }
}
