package cn.fazhi.pulse.testkit;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code fazhi} command ({@code broker}, {@code streams}, {@code sink}, …) in a JVM of its own,
 * started from the calling JVM's class path, so that a test or a benchmark can kill it outright
 * ({@link #kill()}: SIGKILL, as a crash or the OOM killer would) or stop it as a service manager
 * would ({@link #stop()}: SIGTERM, shutdown hooks run). Output goes to a log file, appended across
 * restarts.
 */
public final class FazhiProcess implements AutoCloseable {
    /** The application's entry point, named rather than linked: the testkit does not depend on it. */
    public static final String MAIN_CLASS = "cn.fazhi.pulse.app.Fazhi";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private FazhiProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = log;
    }

    /**
     * Starts {@code fazhi args…} with a heap of {@code heap} (e.g. "256m").
     *
     * @param environment extra environment variables (secrets go here, never on the command line)
     */
    public static FazhiProcess start(String name, String heap, List<String> args, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Duser.timezone=UTC", "-Dfile.encoding=UTF-8", "-Djava.net.preferIPv4Stack=true"));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        command.addAll(args);
        FazhiProcess process = new FazhiProcess(name, List.copyOf(command), Map.copyOf(environment), log);
        process.launch();
        return process;
    }

    /** Starts the same command again (after {@link #kill()} or {@link #stop()}). */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new TestkitException(name + " is still running");
        }
        launch();
    }

    private synchronized void launch() {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== " + name + " started " + java.time.Instant.now() + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new TestkitException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, nothing flushed, no goodbye to the cluster. Waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await(process);
    }

    /** SIGTERM, then waits for the shutdown hooks; returns the exit status (143 after a clean SIGTERM exit). */
    public synchronized int stop() {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                await(process);
                throw new TestkitException(name + " did not stop within " + STOP_WAIT.toSeconds() + " s of SIGTERM; killed (see " + log + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** The log so far, for assertions and failure messages. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until the log contains {@code text} after the last start; fails if the process dies first. */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            int lastStart = out.lastIndexOf("=== " + name + " started");
            if (out.indexOf(text, Math.max(0, lastStart)) >= 0) {
                return;
            }
            if (!isAlive()) {
                throw new TestkitException(name + " exited before printing '" + text + "'; last output:" + System.lineSeparator() + tail(out));
            }
            sleep(100);
        }
        throw new TestkitException(name + " did not print '" + text + "' within " + timeout.toSeconds() + " s; last output:"
                + System.lineSeparator() + tail(output()));
    }

    private static String tail(String out) {
        String[] lines = out.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
    }

    /** Stops it (SIGTERM, then SIGKILL if it hangs); never throws, for finally blocks. */
    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            kill();
        }
    }

    private static void await(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + (isAlive() ? " (pid " + pid() + ")" : " (stopped)");
    }
}
