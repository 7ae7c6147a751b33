package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.app.config.FazhiConfig;
import cn.fazhi.pulse.app.runtime.EmbeddedStack;
import cn.fazhi.pulse.app.runtime.Pipeline;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until Ctrl-C or SIGTERM, then lets it shut down in order. */
final class ServiceRunner {
    private ServiceRunner() {}

    /** A part of the pipeline started on an already prepared pipeline. */
    interface Part {
        Pipeline start(Pipeline pipeline) throws Exception;
    }

    /** Runs one part of the pipeline (the streams, the sink) against the configured endpoints until stopped. */
    static int runPart(ConfigOptions options, String name, Part part) throws Exception {
        FazhiConfig config = options.load(Map.of());
        EmbeddedStack stack = EmbeddedStack.start(config);
        Pipeline pipeline = part.start(Pipeline.prepare(stack.endpoints(), config));
        System.out.println(name + " running: Kafka " + stack.endpoints().bootstrapServers() + ", database "
                + stack.endpoints().database().jdbcUrl() + "; Ctrl-C to stop");
        runUntilStopped(() -> {
            pipeline.close();
            stack.close();
        });
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
