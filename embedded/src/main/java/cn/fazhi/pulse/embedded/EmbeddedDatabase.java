package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries shipped in a Maven artifact, started as a child process) with
 * its data in a folder that survives restarts.
 *
 * <p>Layout of the data folder: {@code pgdata/} (the database cluster, created by {@code initdb} on
 * first start) and {@code postgres.log} (everything the server and its tools print; kept out of the
 * application's log because PostgreSQL's start-up chatter is of no use to a person running the
 * pipeline, and the file is where to look when the server will not start).
 *
 * <p>Running as root works: PostgreSQL refuses to run as root, and zonky then starts it through
 * {@code unshare -U} in a user namespace where it is an ordinary user.
 *
 * <p>Local connections are trusted ({@code initdb -A trust}), so any password is accepted;
 * {@link #password()} returns one for clients that insist on having one. The server runs with
 * {@code fsync} and {@code synchronous_commit} off (zonky's defaults): data survives a clean stop
 * and a crash of the JVM, not a crash of the operating system. Fine for a local demo and tests,
 * not a production database.
 *
 * <p>The server is a child process, stopped by {@link #close()} or, failing that, by a JVM
 * shutdown hook. A JVM that is killed outright leaves it running; the next start on the same
 * folder stops that orphan first, so the data comes back instead of a "postmaster.pid exists"
 * error.
 *
 * <p>{@link #stop()} and {@link #restart()} simulate a database outage: the server goes away on the
 * same port and data folder and comes back with everything committed before.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String PGDATA_DIR = "pgdata";
    static final String SERVER_LOG = "postgres.log";

    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String DEFAULT_DATABASE = "postgres";
    /** Lower-case identifiers only, so names never need quoting and cannot inject SQL. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** zonky's default of 10 s is too short for a first start on a busy two-core machine. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final int LOG_LINES_IN_ERRORS = 15;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDir;
    private final int port;
    private final Thread shutdownHook;
    /** The running server, or null while stopped. Guarded by {@code this}. */
    private EmbeddedPostgres server;
    private boolean closed;

    private EmbeddedDatabase(Path dataDir, EmbeddedPostgres server) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.getPort();
        // The server is a separate process: without this it would outlive a JVM that exits
        // without close(), and hold the port and folder until someone kills it.
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating the database cluster on first use.
     *
     * @param dataDir folder for the server's data; created if missing, reused if present
     * @param port    TCP port on localhost, or 0 for any free port (kept across {@link #restart()})
     * @throws EmbeddedRuntimeException if the server does not start; the message quotes the end of
     *                                  {@code postgres.log}
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        FreePorts.requireValid(port, "PostgreSQL port");
        QuietLogging.applyUnlessConfigured(QuietLogging.POSTGRES_LEVELS);
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot create embedded PostgreSQL data folder " + dir, e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(dir, launch(dir, port));
        LOG.info("embedded PostgreSQL ready on port {} (data {})", database.port, dir);
        return database;
    }

    /** JDBC URL of the default {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl(DEFAULT_DATABASE);
    }

    /** The superuser, which owns every database created here. */
    public String user() {
        return SUPERUSER;
    }

    /** A password for clients that require one; the server does not check it. */
    public String password() {
        return PASSWORD;
    }

    /** The TCP port on localhost; the same after {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The folder holding {@code pgdata/} and {@code postgres.log}, as an absolute path. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates an empty database and returns its JDBC URL.
     *
     * @param name lower-case letters, digits and underscores, not starting with a digit
     * @throws IllegalArgumentException if the name is not such an identifier
     * @throws EmbeddedRuntimeException if the server is stopped or the database already exists
     */
    public synchronized String createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", was " + name);
        }
        requireRunning("create database " + name);
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), SUPERUSER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new EmbeddedRuntimeException("cannot create database " + name + " on embedded PostgreSQL port "
                    + port + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** True between start and {@link #stop()}, and again after {@link #restart()}. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open connections are cut, committed data is
     * kept). New connections fail until {@link #restart()}. Does nothing if already stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        EmbeddedPostgres running = server;
        server = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot stop embedded PostgreSQL on port " + port, e);
        }
        LOG.info("embedded PostgreSQL on port {} stopped", port);
    }

    /**
     * Stops the server if it is running, then starts it again on the same port and data folder.
     * Returns once it accepts connections.
     */
    public synchronized void restart() {
        requireNotClosed("restart");
        stop();
        server = launch(dataDir, port);
        LOG.info("embedded PostgreSQL on port {} restarted", port);
    }

    /** Stops the server for good; safe to call twice. The data folder is kept. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            removeShutdownHook();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[localhost:" + port + ", " + dataDir + "]";
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private static EmbeddedPostgres launch(Path dir, int port) {
        OrphanedPostmaster.stopIfPresent(dir.resolve(PGDATA_DIR));
        if (port != 0) {
            // zonky would wait its whole start-up timeout on a taken port, or worse, find another
            // server there and take it for ours.
            FreePorts.requireFree(port, "PostgreSQL port");
        }
        Path log = dir.resolve(SERVER_LOG);
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        long started = System.nanoTime();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve(PGDATA_DIR))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // Our own hook is registered once; zonky's would add one per restart.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // Independent of the machine's LANG, which may name a locale PostgreSQL lacks.
                    .setLocaleConfig("locale", "C")
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
            LOG.debug("PostgreSQL started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return postgres;
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new EmbeddedRuntimeException("embedded PostgreSQL (port " + (port == 0 ? "any" : port) + ", data "
                    + dir + ") did not start: " + e.getMessage() + rootHint(log) + logTail(log), e);
        }
    }

    /** initdb and postgres refuse root; zonky avoids that with unshare, which a sandbox may forbid. */
    private static String rootHint(Path log) {
        try {
            boolean refusedRoot = Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains("cannot be run as root");
            return refusedRoot
                    ? System.lineSeparator() + "PostgreSQL refuses to run as root; zonky runs it through 'unshare -U',"
                            + " which this machine does not allow: run as an ordinary user"
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String logTail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size());
            return System.lineSeparator() + "last lines of " + log + ":" + System.lineSeparator()
                    + String.join(System.lineSeparator(), tail);
        } catch (IOException e) {
            return System.lineSeparator() + "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void requireRunning(String action) {
        requireNotClosed(action);
        if (server == null) {
            throw new EmbeddedRuntimeException("cannot " + action + ": embedded PostgreSQL on port " + port
                    + " is stopped");
        }
    }

    private void requireNotClosed(String action) {
        if (closed) {
            throw new EmbeddedRuntimeException("cannot " + action + ": embedded PostgreSQL on port " + port
                    + " is closed");
        }
    }

    private synchronized void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // The JVM is exiting; there is nobody left to throw to.
            LOG.warn("could not stop embedded PostgreSQL on port {} at JVM exit", port, e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or about to, and stop() is idempotent.
            LOG.trace("JVM shutdown in progress", e);
        }
    }
}
