package cn.fazhi.pulse.sink;

import static org.assertj.core.api.Assertions.fail;

import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.testkit.Backends;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The sink alone in a JVM of its own, so that a test can kill it outright ({@code SIGKILL}, as a
 * crash, a power cut or the OOM killer would: no shutdown hook, no last batch, no goodbye to the
 * group) or stop it as a service manager would ({@code SIGTERM}: the batch in hand is finished).
 * Runs until killed; exits with 1 if the sink stops on its own.
 *
 * <p>Arguments: {@code bootstrapServers jdbcUrl user groupId instanceId [batchSize]}; the database
 * password in the environment variable {@value #PASSWORD_VARIABLE}, so that it is not on a command
 * line. The batch size defaults to {@link SinkFixture#BATCH_SIZE}.
 */
public final class SinkProcess {
    static final String PASSWORD_VARIABLE = "FAZHI_DB_PASSWORD";
    /** Where every sink process of a test run writes its output, appended. */
    static final Path LOG = Path.of("target", "sink-process.log");

    private SinkProcess() {}

    public static void main(String[] args) {
        if (args.length != 5 && args.length != 6) {
            System.err.println("usage: SinkProcess bootstrapServers jdbcUrl user groupId instanceId [batchSize] (password in $"
                    + PASSWORD_VARIABLE + ")");
            System.exit(2);
        }
        Map<String, Object> kafka = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, args[0],
                // Static membership: a restarted process takes over the partitions of the one killed
                // at once, instead of waiting for the dead member's session to expire (45 s).
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, args[4]);
        Database database = new Database(args[1], args[2], System.getenv().getOrDefault(PASSWORD_VARIABLE, ""));
        int batchSize = args.length == 6 ? Integer.parseInt(args[5]) : SinkFixture.BATCH_SIZE;
        SinkSettings settings = new SinkSettings(args[3], batchSize, SinkSettings.DEFAULT.linger(),
                SinkSettings.DEFAULT.maxBackoff());
        long pid = ProcessHandle.current().pid();
        System.out.println("sink process " + pid + " started for " + args[1]);
        IndicatorSink sink = new IndicatorSink(kafka, database, settings);
        // SIGTERM, as a service manager stops a service: the same close() the application's own
        // shutdown hook calls (ServiceRunner). SIGKILL skips it, as a crash would.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sink.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("sink process " + pid + " stopped: read " + sink.recordsRead() + " records, stored "
                    + sink.snapshotsWritten() + " snapshots");
        }));
        try {
            sink.run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** {@link SinkProcess} in a JVM of its own, its output appended to {@link #LOG}. */
    static Process start(Backends backends, Database database, String group) throws IOException {
        return start(backends, database, group, SinkFixture.BATCH_SIZE);
    }

    /** The same, reading batches of the given size. */
    static Process start(Backends backends, Database database, String group, int batchSize) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Duser.timezone=UTC"));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SinkProcess.class.getName(),
                backends.bootstrapServers(), database.jdbcUrl(), database.user(), group, group + "-instance",
                String.valueOf(batchSize)));
        Files.createDirectories(LOG.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(LOG.toFile()));
        builder.environment().put(PASSWORD_VARIABLE, database.password());
        return builder.start();
    }

    static void assertAlive(Process process) {
        if (!process.isAlive()) {
            fail("the sink process stopped by itself with status %d; see %s", process.exitValue(), LOG.toAbsolutePath());
        }
    }
}
