package cn.fazhi.pulse.testkit;

/**
 * The Kafka broker and PostgreSQL server that integration tests run against, resolved by
 * {@link PipelineBackends} as a test parameter. One of each per test JVM, shared by every test
 * class; isolate tests by topic names and by {@link #newDatabase()}.
 */
public interface Backends {

    /** Value for the {@code bootstrap.servers} setting of Kafka clients and Kafka Streams. */
    String bootstrapServers();

    /** Creates a new, empty database and returns its JDBC URL, so that test classes do not share tables. */
    String newDatabase();

    String dbUser();

    String dbPassword();

    /** {@code "embedded"} or {@code "testcontainers"}: which backend is running. */
    String kind();

    /**
     * Stops the PostgreSQL server, for database-outage tests: open connections break and new ones
     * fail until {@link #startDatabase()}. Data and URLs stay valid.
     */
    void stopDatabase();

    /**
     * Starts the PostgreSQL server again after {@link #stopDatabase()}, on the same host and port,
     * and returns once it accepts connections. Does nothing if it is running.
     */
    void startDatabase();
}
