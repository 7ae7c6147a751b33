package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until Ctrl-C or SIGTERM, then lets it shut down in order. */
final class ServiceRunner {
    private ServiceRunner() {}

    /** A part of the pipeline started on an already prepared pipeline. */
    interface Part {
        Pipeline start(Pipeline pipeline) throws Exception;
    }

    /**
     * Runs one part of the pipeline (the streams, the sink, the web) against the configured
     * cluster and database until stopped; never starts embedded ones, so that a service missing
     * its settings fails at once instead of running alone on a broker of its own.
     */
    static int runPart(ConfigOptions options, String name, Part part) throws Exception {
        FazhiConfig config = options.load(Map.of());
        Endpoints endpoints = Endpoints.configured(config);
        Pipeline pipeline = part.start(Pipeline.prepare(endpoints, config));
        System.out.println(name + " running: Kafka " + endpoints.bootstrapServers() + ", database "
                + endpoints.database().jdbcUrl() + "; Ctrl-C to stop");
        runUntilStopped(pipeline);
        return 0;
    }

    /** Blocks until the process is asked to stop; {@code onStop} runs once, before the JVM exits. */
    static void runUntilStopped(AutoCloseable onStop) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                onStop.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e.getMessage());
            } finally {
                done.countDown();
            }
        }, "fazhi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        done.await();
    }
}
