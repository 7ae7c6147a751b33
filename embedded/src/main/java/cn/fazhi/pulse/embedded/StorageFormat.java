package cn.fazhi.pulse.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        format(clusterId, propertiesFile, List.of());
    }

    /**
     * As {@link #format(String, Path)}, also writing SCRAM credentials into the new cluster's first
     * metadata ({@code --add-scram}, each {@code MECHANISM=[name=…,password=…]}): the brokers'
     * own principal must exist before any broker can authenticate to another.
     */
    static void format(String clusterId, Path propertiesFile, List<String> scramCredentials) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exitCode;
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", propertiesFile.toString(), "--ignore-formatted"));
        for (String credential : scramCredentials) {
            args.add("--add-scram");
            args.add(credential);
        }
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args.toArray(String[]::new), out);
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
