package cn.fazhi.pulse.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import kafka.tools.StorageTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code kafka-storage format}, run in this JVM from Kafka's own tool class. */
final class StorageFormat {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);

    private StorageFormat() {}

    /**
     * Formats the log directories of the node configured in {@code propertiesFile} for cluster
     * {@code clusterId}. Directories already formatted are left untouched ({@code --ignore-formatted}),
     * which is what makes a restart keep its topics.
     */
    static void format(String clusterId, Path propertiesFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {
                "format", "-t", clusterId, "-c", propertiesFile.toString(), "--ignore-formatted"}, out);
        } catch (RuntimeException e) {
            throw new EmbeddedRuntimeException("formatting the Kafka log directory failed: " + e.getMessage()
                    + " " + captured.toString(StandardCharsets.UTF_8).strip(), e);
        }
        if (exitCode != 0) {
            throw new EmbeddedRuntimeException("formatting the Kafka log directory failed with exit code " + exitCode
                    + ": " + captured.toString(StandardCharsets.UTF_8).strip());
        }
        LOG.debug("kafka-storage format: {}", captured.toString(StandardCharsets.UTF_8).strip());
    }
}
