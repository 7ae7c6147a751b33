package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server that a killed JVM left running on a data folder.
 *
 * <p>PostgreSQL runs as a child process. A JVM that is killed ({@code kill -9}, an IDE's stop
 * button) cannot run its shutdown hook, so the server lives on, holding {@code postmaster.pid}.
 * The next start on the folder would then fail — and only after zonky's full start-up wait, since
 * zonky polls the port rather than checking pg_ctl's exit code. A person who restarts
 * {@code fazhi demo} after a crash should just get their data back.
 *
 * <p>The server is stopped only when it is certainly an orphan: the pid file names a live
 * {@code postgres} process, and no living process holds zonky's lock file on the folder.
 */
final class OrphanedPostmaster {

    /** zonky locks this file in the data directory for as long as its instance runs. */
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final long STOP_WAIT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {
    }

    /**
     * @throws EmbeddedRuntimeException if a live process still owns the folder, or the orphan
     *                                  does not stop
     */
    static void stopIfPresent(Path pgdata) {
        Optional<ProcessHandle> postmaster = livePostmaster(pgdata.resolve("postmaster.pid"));
        if (postmaster.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(pgdata.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw inUse(pgdata, postmaster.get());
            }
            stop(postmaster.get(), pgdata,
                    "stopping PostgreSQL (pid {}) left running on {} by a process that exited without stopping it");
        } catch (OverlappingFileLockException e) {
            throw inUse(pgdata, postmaster.get());
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot check whether PostgreSQL on " + pgdata + " is still in use", e);
        }
    }

    /**
     * Stops the server a failed start of this JVM left running: zonky starts the postmaster and
     * then gives up on it (its start-up check failed) without stopping it, and keeps its lock file
     * locked in this JVM. A server whose lock another live process holds is left alone.
     */
    static void stopAfterFailedStart(Path pgdata) {
        Optional<ProcessHandle> postmaster = livePostmaster(pgdata.resolve("postmaster.pid"));
        if (postmaster.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(pgdata.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return;
            }
        } catch (OverlappingFileLockException e) {
            // Locked in this JVM: by the failed start.
            LOG.trace("lock held by this JVM", e);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot check whether PostgreSQL on " + pgdata + " is still in use", e);
        }
        stop(postmaster.get(), pgdata, "stopping PostgreSQL (pid {}) on {} after its failed start");
    }

    private static Optional<ProcessHandle> livePostmaster(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
        } catch (IOException | NumberFormatException e) {
            // PostgreSQL itself replaces an unreadable pid file of a dead server.
            return Optional.empty();
        }
        // The pid may have been reused by an unrelated program since; only a postgres binary counts.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(OrphanedPostmaster::isPostgresBinary).orElse(false));
    }

    private static boolean isPostgresBinary(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postgres.exe");
    }

    private static void stop(ProcessHandle postmaster, Path pgdata, String why) {
        LOG.warn(why, postmaster.pid(), pgdata);
        // SIGTERM is PostgreSQL's "smart" shutdown: it waits for sessions, and an orphan has none left.
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly();
            throw new EmbeddedRuntimeException("PostgreSQL (pid " + postmaster.pid() + ") on " + pgdata
                    + " did not stop within " + STOP_WAIT_SECONDS + " s and was killed; try again", e);
        } catch (ExecutionException e) {
            throw new EmbeddedRuntimeException("waiting for PostgreSQL (pid " + postmaster.pid() + ") to stop failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("interrupted while stopping PostgreSQL (pid " + postmaster.pid() + ")", e);
        }
    }

    private static EmbeddedRuntimeException inUse(Path pgdata, ProcessHandle postmaster) {
        return new EmbeddedRuntimeException("PostgreSQL data folder " + pgdata + " is in use by a running server (pid "
                + postmaster.pid() + ") of another live process; stop that process first");
    }
}
