package cn.fazhi.pulse.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka and PostgreSQL from module {@code embedded}, in a temporary folder deleted at the end. */
final class EmbeddedBackends implements RunningBackends {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackends.class);

    private final Path root;
    private final EmbeddedKafka kafka;
    private final EmbeddedDatabase database;
    private final String description;

    private EmbeddedBackends(Path root, EmbeddedKafka kafka, EmbeddedDatabase database) {
        this.root = root;
        this.kafka = kafka;
        this.database = database;
        this.description = "embedded Kafka " + AppInfoParser.getVersion() + " (KRaft) + embedded PostgreSQL "
                + Databases.serverVersion(database.jdbcUrl(), database.user(), database.password());
    }

    /** Starts both servers at once: on two cores that saves a second or two per test JVM. */
    static EmbeddedBackends start() {
        Path root;
        try {
            root = Files.createTempDirectory("fazhi-testkit-");
        } catch (IOException e) {
            throw new TestkitException("cannot create a temporary folder for the embedded backends", e);
        }
        CompletableFuture<EmbeddedDatabase> database = CompletableFuture.supplyAsync(
                () -> EmbeddedDatabase.start(root.resolve("postgres"), 0), EmbeddedBackends::runOnOwnThread);
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(root.resolve("kafka"), 0, 0);
        } catch (RuntimeException e) {
            database.thenAccept(EmbeddedDatabase::close);
            throw e;
        }
        try {
            return new EmbeddedBackends(root, kafka, database.join());
        } catch (CompletionException | TestkitException e) {
            kafka.close();
            database.thenAccept(EmbeddedDatabase::close);
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            throw new TestkitException("embedded PostgreSQL did not start: " + cause.getMessage(), cause);
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String newDatabase() {
        return database.createDatabase(Databases.nextName());
    }

    @Override
    public String dbUser() {
        return database.user();
    }

    @Override
    public String dbPassword() {
        return database.password();
    }

    @Override
    public String kind() {
        return BackendChoice.EMBEDDED;
    }

    @Override
    public void stopDatabase() {
        database.stop();
    }

    @Override
    public void startDatabase() {
        if (!database.isRunning()) {
            database.restart();
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            try {
                database.close();
            } finally {
                deleteQuietly(root);
            }
        }
    }

    @Override
    public String toString() {
        return description + " in " + root;
    }

    private static void runOnOwnThread(Runnable task) {
        Thread thread = new Thread(task, "fazhi-testkit-postgres-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Leftovers in the temp folder are harmless; failing the test run over them is not. */
    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
