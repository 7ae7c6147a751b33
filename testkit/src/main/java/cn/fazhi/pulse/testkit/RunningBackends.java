package cn.fazhi.pulse.testkit;

/**
 * A started pair of Kafka and PostgreSQL, as kept in JUnit's root store: JUnit closes stored
 * {@link AutoCloseable} values when the last test of the JVM has run.
 */
interface RunningBackends extends Backends, AutoCloseable {

    /** What runs, for the test report, e.g. "embedded Kafka 4.3.1 (KRaft) + embedded PostgreSQL 17.6". */
    String description();

    /** Closes both servers; failures are reported, not thrown past the second close. */
    @Override
    void close();
}
