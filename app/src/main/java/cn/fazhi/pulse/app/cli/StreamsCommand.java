package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fazhi streams}: only the indicator streams, for a multi-service deployment. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the indicator streams (Kafka Streams, exactly-once) against the configured cluster.")
final class StreamsCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return ServiceRunner.runPart(options, "indicator streams", Pipeline::startStreams);
    }
}
