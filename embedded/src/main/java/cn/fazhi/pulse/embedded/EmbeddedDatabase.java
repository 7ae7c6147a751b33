package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
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
 * <p>Every connection must give the password of the superuser {@code postgres} (SCRAM-SHA-256,
 * over TCP and the unix socket alike): {@code postgres} unless {@link #start(Path, int, String, String)}
 * names another. A new cluster gets it from {@code initdb --pwfile}, so it is never open without
 * one; {@code pg_hba.conf} is rewritten on every start (edits to it are lost), and which machines can
 * reach the port at all is {@code listen_addresses} ({@code localhost} unless named). The password
 * belongs to the cluster, not to this class: starting a folder with another password than the one
 * it was created with fails (change it with {@code ALTER ROLE postgres PASSWORD …}, connected with the
 * old one). A folder created by an older version, which trusted every local connection and had no
 * password, is started once on localhost as it was, given the password, and from then on checked
 * like a new one; the file {@value #PASSWORD_SET_MARKER} in {@code pgdata/} records that.
 *
 * <p>The server runs with {@code fsync} and {@code synchronous_commit} off (zonky's defaults): data
 * survives a clean stop and a crash of the JVM, not a crash of the operating system. Fine for a local
 * demo, tests and a small deployment, not a production database.
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

    /** Written into {@code pgdata/} once the superuser has a password; absent in folders of older versions. */
    static final String PASSWORD_SET_MARKER = "fazhi-password-set";
    /** initdb's password file, in the data folder (not pgdata, which initdb wants empty) for the moment of initdb. */
    private static final String PASSWORD_FILE = "initdb-password";

    /** The superuser's password unless one is named. */
    public static final String DEFAULT_PASSWORD = "postgres";
    /** PostgreSQL's {@code listen_addresses} unless named: this machine only. */
    public static final String DEFAULT_LISTEN_ADDRESSES = "localhost";

    private static final String SUPERUSER = "postgres";
    /** Host names and IP addresses separated by commas, or {@code *}: nothing pg_ctl's shell would interpret. */
    private static final Pattern LISTEN_ADDRESSES = Pattern.compile("\\*|[A-Za-z0-9.:_-]+(,[A-Za-z0-9.:_-]+)*");
    /** pgjdbc's SQLState for a refused password. */
    static final String INVALID_PASSWORD = "28P01";
    private static final String SECURED_HBA = """
            # Written by Fazhi Pulse on every start of the embedded PostgreSQL: edits here are lost.
            # Every connection gives its password; listen_addresses decides which machines can connect.
            # TYPE  DATABASE  USER  ADDRESS    METHOD
            local   all       all              scram-sha-256
            host    all       all   0.0.0.0/0  scram-sha-256
            host    all       all   ::/0       scram-sha-256
            """;
    /** Only for the one start that gives a folder of an older version its password; listening on localhost only. */
    private static final String TRUSTED_LOCAL_HBA = """
            # Written by Fazhi Pulse to set the password of a database folder made by an older version.
            local   all       all                 trust
            host    all       all   127.0.0.1/32  trust
            host    all       all   ::1/128       trust
            """;
    private static final String DEFAULT_DATABASE = "postgres";
    /** Lower-case identifiers only, so names never need quoting and cannot inject SQL. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** zonky's default of 10 s is too short for a first start on a busy two-core machine. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final int LOG_LINES_IN_ERRORS = 15;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDir;
    private final int port;
    private final String password;
    private final String listenAddresses;
    private final Thread shutdownHook;
    /** The running server, or null while stopped. Guarded by {@code this}. */
    private EmbeddedPostgres server;
    private boolean closed;

    private EmbeddedDatabase(Path dataDir, EmbeddedPostgres server, String password, String listenAddresses) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.getPort();
        this.password = password;
        this.listenAddresses = listenAddresses;
        // The server is a separate process: without this it would outlive a JVM that exits
        // without close(), and hold the port and folder until someone kills it.
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating the database cluster on first use, with the
     * password {@value #DEFAULT_PASSWORD}, listening on localhost.
     *
     * @param dataDir folder for the server's data; created if missing, reused if present
     * @param port    TCP port on localhost, or 0 for any free port (kept across {@link #restart()})
     * @throws EmbeddedRuntimeException if the server does not start; the message quotes the end of
     *                                  {@code postgres.log}
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_PASSWORD, DEFAULT_LISTEN_ADDRESSES);
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating the database cluster on first use with
     * {@code password} as the superuser's password.
     *
     * @param password        the superuser's password: a new cluster gets it, an existing one must
     *                        have it (one of an older version without a password gets it)
     * @param listenAddresses PostgreSQL's {@code listen_addresses}: {@code localhost}, {@code *}
     *                        (every interface) or host names and addresses separated by commas
     * @throws IllegalArgumentException if the password is empty or has a line break, or the
     *                                  addresses are not such a list
     * @throws EmbeddedRuntimeException if the server does not start, e.g. because the folder's
     *                                  password is another one
     */
    public static EmbeddedDatabase start(Path dataDir, int port, String password, String listenAddresses) {
        FreePorts.requireValid(port, "PostgreSQL port");
        requireValidPassword(password);
        if (listenAddresses == null || !LISTEN_ADDRESSES.matcher(listenAddresses).matches()) {
            throw new IllegalArgumentException("listen addresses must be *, or host names and IP addresses separated by"
                    + " commas without spaces, was " + listenAddresses);
        }
        QuietLogging.applyUnlessConfigured(QuietLogging.POSTGRES_LEVELS);
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot create embedded PostgreSQL data folder " + dir, e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(dir, launch(dir, port, password, listenAddresses),
                password, listenAddresses);
        LOG.info("embedded PostgreSQL ready on port {}, listening on {} (data {})", database.port, listenAddresses, dir);
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

    /** The superuser's password, which the server checks on every connection. */
    public String password() {
        return password;
    }

    /** PostgreSQL's {@code listen_addresses}: the interfaces the server accepts connections on. */
    public String listenAddresses() {
        return listenAddresses;
    }

    /** The TCP port; the same after {@link #restart()}. */
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
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), SUPERUSER, password);
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
        server = launch(dataDir, port, password, listenAddresses);
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
        return "EmbeddedDatabase[" + listenAddresses + ":" + port + ", " + dataDir + "]";
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private static EmbeddedPostgres launch(Path dir, int port, String password, String listenAddresses) {
        Path pgdata = dir.resolve(PGDATA_DIR);
        OrphanedPostmaster.stopIfPresent(pgdata);
        if (port != 0) {
            // zonky would wait its whole start-up timeout on a taken port, or worse, find another
            // server there and take it for ours.
            FreePorts.requireFree(port, "PostgreSQL port");
        }
        Path log = dir.resolve(SERVER_LOG);
        boolean existing = Files.exists(pgdata.resolve("postgresql.conf"));
        if (existing && !Files.exists(pgdata.resolve(PASSWORD_SET_MARKER))) {
            setPasswordOfOldCluster(dir, port, password);
        }
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        long started = System.nanoTime();
        try {
            EmbeddedPostgres.Builder builder = builder(dir, port)
                    .setServerConfig("listen_addresses", listenAddresses)
                    // zonky's own start-up check connects, so it must authenticate too.
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(pgdataDir -> writeHba(pgdataDir.toPath(), SECURED_HBA));
            if (!existing) {
                // Appended to zonky's "initdb -A trust …": the superuser has its password from the
                // start and initdb's own pg_hba.conf asks for it, so the cluster is never open.
                writePasswordFile(passwordFile, password);
                builder.setLocaleConfig("pwfile", passwordFile.toString())
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("auth-host", "scram-sha-256");
            }
            EmbeddedPostgres postgres;
            // An existing folder may have another password than this one: say so at once, not after the wait.
            try (PasswordRefusalWatch refusal = existing ? new PasswordRefusalWatch(log, pgdata, SUPERUSER, password) : null) {
                postgres = builder.start();
                if (refusal != null && refusal.refused()) {
                    postgres.close();
                    throw wrongPassword(dir, null);
                }
            }
            if (!existing) {
                markPasswordSet(pgdata);
            }
            LOG.debug("PostgreSQL started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return postgres;
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            stopLeftover(pgdata);
            if (e instanceof EmbeddedRuntimeException refused) {
                throw refused;
            }
            if (causedByWrongPassword(e)) {
                throw wrongPassword(dir, e);
            }
            throw new EmbeddedRuntimeException("embedded PostgreSQL (port " + (port == 0 ? "any" : port) + ", data "
                    + dir + ") did not start: " + e.getMessage() + rootHint(log) + logTail(log), e);
        } finally {
            deleteQuietly(passwordFile);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dir, int port) {
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(dir.resolve(SERVER_LOG).toFile());
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve(PGDATA_DIR))
                .setCleanDataDirectory(false)
                .setPort(port)
                // Our own hook is registered once; zonky's would add one per restart.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                // Independent of the machine's LANG, which may name a locale PostgreSQL lacks.
                .setLocaleConfig("locale", "C")
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog);
    }

    /**
     * A folder of an older version: initdb trusted every local connection and the superuser has no
     * password. Starts it as it was (localhost only), gives the superuser the password, stops it.
     */
    private static void setPasswordOfOldCluster(Path dir, int port, String password) {
        Path pgdata = dir.resolve(PGDATA_DIR);
        LOG.info("database folder {} was created without a password; setting the password of user {}", dir, SUPERUSER);
        try (EmbeddedPostgres postgres = builder(dir, port)
                .setServerConfig("listen_addresses", DEFAULT_LISTEN_ADDRESSES)
                .setDataDirectoryCustomizer(pgdataDir -> writeHba(pgdataDir.toPath(), TRUSTED_LOCAL_HBA))
                .start();
             Connection connection = postgres.getPostgresDatabase().getConnection()) {
            // Hashed here (SCRAM) and sent as a verifier: the password itself never reaches the
            // server, so it cannot end up in its log.
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
            markPasswordSet(pgdata);
        } catch (IOException | SQLException | RuntimeException e) {
            stopLeftover(pgdata);
            Path log = dir.resolve(SERVER_LOG);
            throw new EmbeddedRuntimeException("cannot set the password of the embedded PostgreSQL in " + dir
                    + ", a database folder created without one: " + e.getMessage() + rootHint(log) + logTail(log), e);
        }
    }

    private static void requireValidPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the database password must not be empty");
        }
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0 || password.indexOf('\0') >= 0) {
            // initdb reads only the first line of its password file.
            throw new IllegalArgumentException("the database password must be one line");
        }
    }

    private static void writePasswordFile(Path file, String password) {
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Owner only. As root, zonky runs initdb through "unshare -U": still the owner.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write initdb's password file " + file, e);
        }
    }

    private static void writeHba(Path pgdata, String content) {
        try {
            Files.writeString(pgdata.resolve("pg_hba.conf"), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pgdata.resolve("pg_hba.conf"), e);
        }
    }

    private static void markPasswordSet(Path pgdata) {
        try {
            Files.writeString(pgdata.resolve(PASSWORD_SET_MARKER),
                    "The superuser has a password; Fazhi Pulse checks it on every connection.\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pgdata.resolve(PASSWORD_SET_MARKER), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: delete it by hand, it holds the database password", file, e);
        }
    }

    /** zonky gives up with its last attempt to connect as the cause; 28P01 is a refused password. */
    private static EmbeddedRuntimeException wrongPassword(Path dir, Throwable cause) {
        return new EmbeddedRuntimeException("embedded PostgreSQL (data " + dir + ") refused the password: it is"
                + " not the password of user " + SUPERUSER + " this database folder was created with (or last"
                + " given). Start it with that password, or change the password: connected with the old one, run"
                + " ALTER ROLE " + SUPERUSER + " PASSWORD '…' (in psql: \\password " + SUPERUSER + ")."
                + " postgres.log says: password authentication failed for user \"" + SUPERUSER + "\"", cause);
    }

    private static boolean causedByWrongPassword(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && INVALID_PASSWORD.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** zonky leaves the server running when its start-up check fails; this start made it, so stop it. */
    private static void stopLeftover(Path pgdata) {
        try {
            OrphanedPostmaster.stopAfterFailedStart(pgdata);
        } catch (RuntimeException e) {
            LOG.warn("could not stop PostgreSQL after its failed start on {}", pgdata, e);
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
