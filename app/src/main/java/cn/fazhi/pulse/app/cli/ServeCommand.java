package cn.fazhi.pulse.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fazhi serve}: only the HTTP API and dashboard, for a multi-service deployment; run as many as you like. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API, live stream, event ingest and dashboard against the configured Kafka and PostgreSQL.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return ServiceRunner.runPart(options, "serve", pipeline -> pipeline.alsoClosing(WebRuntime.start(pipeline.endpoints(), pipeline.config())));
    }
}
