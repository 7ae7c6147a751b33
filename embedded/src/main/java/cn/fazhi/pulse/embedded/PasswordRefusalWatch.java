package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Ends zonky's start-up wait as soon as the server refuses the password, instead of after the
 * whole wait: zonky retries every failed connection until its wait is over, so a folder started
 * with another password than its own would keep a person waiting a minute for the message that
 * says so.
 *
 * <p>While a start is under way it reads what the server appends to {@code postgres.log}. When a
 * password is refused there, it asks the server itself with the password being started with — the
 * refusal may have been another client's — and only if that is refused too does it interrupt the
 * starting thread, which makes zonky stop waiting at once ({@link #refused()} then tells why).
 */
final class PasswordRefusalWatch implements AutoCloseable {
    private static final String REFUSED = "password authentication failed for user";
    private static final Duration EVERY = Duration.ofMillis(200);

    private final Path log;
    private final Path pgdata;
    private final String user;
    private final String password;
    private final Thread starting;
    private final Thread watcher;
    private volatile boolean done;
    private volatile boolean interrupted;
    private long readUpTo;

    /** Starts watching; to be opened by the thread that starts the server, and closed by it. */
    PasswordRefusalWatch(Path log, Path pgdata, String user, String password) {
        this.log = log;
        this.pgdata = pgdata;
        this.user = user;
        this.password = password;
        this.starting = Thread.currentThread();
        this.readUpTo = size(log);
        this.watcher = new Thread(this::watch, "embedded-postgres-password-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        try {
            while (!done) {
                Thread.sleep(EVERY.toMillis());
                if (!done && logSaysRefused() && refusesOurPassword()) {
                    synchronized (this) {
                        if (!done) {
                            interrupted = true;
                            starting.interrupt();
                        }
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: nothing more to watch
        }
    }

    private boolean logSaysRefused() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= readUpTo) {
                return false;
            }
            byte[] appended = new byte[(int) Math.min(length - readUpTo, 1 << 20)];
            file.seek(readUpTo);
            file.readFully(appended);
            readUpTo += appended.length;
            return new String(appended, StandardCharsets.UTF_8).contains(REFUSED);
        } catch (IOException e) {
            return false; // not there yet, or rotated: the next look will tell
        }
    }

    /** Whether the server, at the port it wrote in postmaster.pid, refuses the password being started with. */
    private boolean refusesOurPassword() {
        try {
            List<String> pid = Files.readAllLines(pgdata.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (pid.size() < 4) {
                return false;
            }
            Properties login = new Properties();
            login.setProperty("user", user);
            login.setProperty("password", password);
            login.setProperty("connectTimeout", "5");
            DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres", login).close();
            return false;
        } catch (SQLException e) {
            return EmbeddedDatabase.INVALID_PASSWORD.equals(e.getSQLState());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * True when the server refused the password being started with, and the start was cut short:
     * zonky then returns as if started (an interrupted wait is its way to give up quietly), so the
     * caller must stop the server and report the refusal.
     */
    synchronized boolean refused() {
        return interrupted;
    }

    /** Stops watching; clears the interrupt this watch caused, which zonky answered by giving up its wait. */
    @Override
    public void close() {
        synchronized (this) {
            done = true;
        }
        watcher.interrupt();
        if (interrupted) {
            Thread.interrupted();
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
