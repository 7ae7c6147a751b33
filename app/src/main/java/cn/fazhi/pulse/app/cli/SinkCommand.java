package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fazhi sink}: only the PostgreSQL sink, for a multi-service deployment. */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Run the sink: indicator snapshots from Kafka into PostgreSQL.")
final class SinkCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return ServiceRunner.runPart(options, "sink", Pipeline::startSink);
    }
}
