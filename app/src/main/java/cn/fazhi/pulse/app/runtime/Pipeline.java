package cn.fazhi.pulse.app.runtime;

import cn.fazhi.pulse.app.config.FazhiConfig;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.sink.DatabaseSchema;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.streams.IndicatorStreams;
import cn.fazhi.pulse.web.WebApplication;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing half of the application: topics, the indicator streams and the sink, against
 * whatever endpoints it is given. Which parts run is chosen by the caller (all of them in the
 * demo; one per service in a multi-service deployment).
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Endpoints endpoints;
    private final FazhiConfig config;
    private final Admin admin;
    private IndicatorStreams streams;
    private IndicatorSink sink;
    private Thread sinkThread;
    private WebApplication web;

    private Pipeline(Endpoints endpoints, FazhiConfig config) {
        this.endpoints = endpoints;
        this.config = config;
        this.admin = Admin.create(endpoints.kafkaConfig());
    }

    /** Creates missing topics and migrates the database, so that any part can start. */
    public static Pipeline prepare(Endpoints endpoints, FazhiConfig config) throws ExecutionException, InterruptedException {
        Pipeline pipeline = new Pipeline(endpoints, config);
        List<String> created = TopicSetup.ensure(pipeline.admin, config.replicationFactor());
        if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
        }
        DatabaseSchema.migrate(endpoints.database().dataSource());
        return pipeline;
    }

    public Pipeline startStreams() throws InterruptedException {
        streams = new IndicatorStreams(new IndicatorStreams.Settings(config.applicationId(), endpoints.kafkaConfig(),
                config.dataDir().resolve("streams"), config.streamThreads(), config.replicationFactor(),
                config.commitInterval(), config.emitInterval()));
        streams.start();
        streams.awaitRunning(Duration.ofMinutes(2));
        return this;
    }

    public Pipeline startSink() {
        sink = new IndicatorSink(endpoints.kafkaConfig(), endpoints.database(),
                new SinkSettings(config.sinkGroupId(), config.sinkBatchSize(), config.sinkLinger(), SinkSettings.DEFAULT.maxBackoff(),
                        config.sinkConnections()));
        sinkThread = new Thread(sink, "fazhi-sink");
        sinkThread.setUncaughtExceptionHandler((t, e) -> LOG.error("the sink stopped: {}", e.getMessage(), e));
        sinkThread.start();
        return this;
    }

    /** Serves the HTTP API and dashboard with the pipeline; closed with it, first. */
    public Pipeline withWeb(WebApplication started) {
        this.web = started;
        return this;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public FazhiConfig config() {
        return config;
    }

    public IndicatorSink sink() {
        return sink;
    }

    /**
     * Waits until everything published so far has gone through the streams and the sink: all
     * input read and committed, no figure waiting to be published, the sink at the end of its
     * topics, and all of this still true a moment later.
     */
    public void awaitIdle(Duration timeout) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int quietChecks = 0;
        while (quietChecks < 3) {
            Thread.sleep(config.emitInterval().toMillis() + 100);
            failIfStopped();
            String waitingFor = streams != null && !streams.hasProcessedAll(admin) ? "the streams to process the events"
                    : sink != null && !sink.caughtUp() ? "the sink to store the indicators"
                    : null;
            quietChecks = waitingFor == null ? quietChecks + 1 : 0;
            if (waitingFor != null && System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not finish processing within " + timeout + ": still waiting for " + waitingFor);
            }
            if (waitingFor != null && System.nanoTime() > nextReport) {
                LOG.info("still waiting for {}", waitingFor);
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
        }
    }

    private void failIfStopped() {
        if (sink != null && sink.failure().isPresent()) {
            throw new IllegalStateException("the sink stopped: " + sink.failure().get().getMessage(), sink.failure().get());
        }
        if (streams != null && (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING)) {
            throw new IllegalStateException("the indicator streams stopped: " + streams.state());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (web != null) {
            web.close();
        }
        if (sink != null) {
            sink.close();
            sinkThread.join();
        }
        if (streams != null) {
            streams.close();
        }
        admin.close();
    }

}
