package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.app.config.FazhiConfig;
import cn.fazhi.pulse.app.runtime.EmbeddedStack;
import cn.fazhi.pulse.app.runtime.Pipeline;
import java.util.Map;
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
        FazhiConfig config = options.load(Map.of());
        EmbeddedStack stack = EmbeddedStack.start(config);
        Pipeline pipeline = Pipeline.prepare(stack.endpoints(), config).startStreams();
        System.out.println("indicator streams running against " + stack.endpoints().bootstrapServers() + "; Ctrl-C to stop");
        ServiceRunner.runUntilStopped(() -> {
            pipeline.close();
            stack.close();
        });
        return 0;
    }
}
