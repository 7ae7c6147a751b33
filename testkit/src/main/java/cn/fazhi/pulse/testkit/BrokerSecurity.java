package cn.fazhi.pulse.testkit;

import java.util.Map;
import java.util.Properties;

/**
 * How a {@link LocalKafkaCluster} is secured: not at all, or as docs/cluster/ does it — clients and
 * brokers over SASL/SCRAM-SHA-512 with ACLs enforced and one admin super user, the controller
 * listener over SASL/PLAIN (SCRAM credentials live in the metadata the controllers serve, so they
 * cannot authenticate the controllers themselves). The admin password reaches the brokers as the
 * environment variable {@value #ADMIN_PASSWORD_VARIABLE}, never written to their properties files.
 */
public record BrokerSecurity(boolean scram, String adminUser, String adminPassword) {
    public static final BrokerSecurity NONE = new BrokerSecurity(false, "", "");
    /** Read by the brokers' properties through Kafka's {@code env} config provider. */
    public static final String ADMIN_PASSWORD_VARIABLE = "KAFKA_ADMIN_PASSWORD";
    private static final String PASSWORD_REFERENCE = "${env:" + ADMIN_PASSWORD_VARIABLE + "}";

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

    String controllerProtocol() {
        return scram ? "SASL_PLAINTEXT" : "PLAINTEXT";
    }

    Properties brokerProperties() {
        Properties p = new Properties();
        if (scram) {
            p.put("config.providers", "env");
            p.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas(adminUser, PASSWORD_REFERENCE));
            p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"" + adminUser + "\" password=\"" + PASSWORD_REFERENCE + "\" user_" + adminUser + "=\"" + PASSWORD_REFERENCE + "\";");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + adminUser);
            p.put("allow.everyone.if.no.acl.found", "false");
        }
        return p;
    }

    Map<String, String> brokerEnvironment() {
        return scram ? Map.of(ADMIN_PASSWORD_VARIABLE, adminPassword) : Map.of();
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
