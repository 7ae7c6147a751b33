package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.ConfigException;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The settings options every command shares: a properties file and single overrides. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file of settings (see docs/deployment.md)")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "one setting, e.g. --set kafka.bootstrap.servers=host:9092")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Kafka client settings for a command that talks to an existing cluster: the configured one,
     * or a running {@code ./fazhi demo} on this machine when none is configured.
     */
    public static Map<String, Object> clusterOrRunningDemo(FazhiConfig config) {
        Map<String, Object> kafka = new LinkedHashMap<>(config.kafkaClient());
        kafka.put("bootstrap.servers", config.bootstrapServers().orElse("localhost:" + ConfigKey.EMBEDDED_KAFKA_PORT.defaultValue()));
        return kafka;
    }

    /** The configuration from file, environment and these options, plus the command's own flags. */
    public FazhiConfig load(Map<ConfigKey, String> commandFlags) {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        Map<String, String> kafkaClient = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(FazhiConfig.KAFKA_CLIENT_PREFIX)) {
                kafkaClient.put(key.substring(FazhiConfig.KAFKA_CLIENT_PREFIX.length()), value);
            } else {
                ConfigKey.byKey(key).ifPresentOrElse(k -> flags.put(k, value),
                        () -> problems.add("--set " + key + ": not a setting of Fazhi Pulse"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        flags.putAll(commandFlags);
        return FazhiConfig.load(Optional.ofNullable(configFile), System.getenv(), flags, kafkaClient);
    }
}
