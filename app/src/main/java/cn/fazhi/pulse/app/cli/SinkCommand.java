package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.app.config.FazhiConfig;
import cn.fazhi.pulse.app.runtime.EmbeddedStack;
import cn.fazhi.pulse.app.runtime.Pipeline;
import java.util.Map;
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
        FazhiConfig config = options.load(Map.of());
        EmbeddedStack stack = EmbeddedStack.start(config);
        Pipeline pipeline = Pipeline.prepare(stack.endpoints(), config).startSink();
        System.out.println("sink running: " + stack.endpoints().bootstrapServers() + " -> " + stack.endpoints().database().jdbcUrl() + "; Ctrl-C to stop");
        ServiceRunner.runUntilStopped(() -> {
            pipeline.close();
            stack.close();
        });
        return 0;
    }
}
