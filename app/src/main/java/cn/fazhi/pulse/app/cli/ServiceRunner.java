package cn.fazhi.pulse.app.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until Ctrl-C or SIGTERM, then lets it shut down in order. */
final class ServiceRunner {
    private ServiceRunner() {}

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
