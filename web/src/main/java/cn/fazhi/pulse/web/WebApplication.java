package cn.fazhi.pulse.web;

import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.report.model.Targets;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.AuditLog;
import cn.fazhi.pulse.store.ledger.LedgerSubmissionStore;
import cn.fazhi.pulse.web.access.AccessGate;
import cn.fazhi.pulse.web.access.LoginThrottle;
import cn.fazhi.pulse.web.ingest.EventIngest;
import cn.fazhi.pulse.web.ledger.LedgerUploads;
import cn.fazhi.pulse.web.ledger.StoredSubmissions;
import cn.fazhi.pulse.web.live.SnapshotFeed;
import cn.fazhi.pulse.web.live.SseHub;
import cn.fazhi.pulse.web.metrics.PipelineMetrics;
import cn.fazhi.pulse.web.query.EvidenceQueries;
import cn.fazhi.pulse.web.query.IndicatorQueries;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * One instance of the web side, against a Kafka cluster and a database: the HTTP server, its own
 * live reader of the snapshot topic, a publisher for ingest and the metrics' admin client.
 * Instances share nothing but the cluster and the database, so any number can run.
 */
public final class WebApplication implements AutoCloseable {
    private final EventPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final SnapshotFeed feed;
    private final Thread feedThread;
    private final PipelineMetrics metrics;
    private final SseHub hub;
    private final WebServer server;
    private final HikariDataSource pool;
    private final HikariDataSource accessPool;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fazhi-web-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private WebApplication(Map<String, Object> kafkaConfig, Database database, WebSettings settings) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        pool = pool(database);
        accessPool = accessPool(database);
        Jdbi jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
        IndicatorStore store = new IndicatorStore(jdbi);
        hub = new SseHub();
        feed = new SnapshotFeed(kafkaConfig, hub::broadcast);
        publisher = new EventPublisher(kafkaConfig);
        deadLetters = new DeadLetterPublisher(kafkaConfig);
        metrics = new PipelineMetrics(kafkaConfig, settings.streamsGroup(), settings.sinkGroup())
                .register("fazhi_sse_clients", "Browsers connected to /api/stream of this instance.", "gauge", hub::clients)
                .register("fazhi_live_snapshots_total", "Snapshots this instance has read from the topic for live views.", "counter", feed::received)
                .register("fazhi_live_deliveries_total", "Snapshots sent to browsers, one per browser.", "counter", hub::sent);
        heartbeat.scheduleAtFixedRate(hub::heartbeat, 15, 15, TimeUnit.SECONDS);
        feedThread = new Thread(feed, "fazhi-web-live");
        feedThread.setDaemon(true);
        feedThread.start();
        try {
            if (!feed.awaitPositioned(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the live reader of the snapshot topic did not start within 60 s; is Kafka reachable?");
            }
            EventIngest ingest = new EventIngest(new EventJsonCodec(clock), publisher, deadLetters, settings.maxEventsPerRequest());
            Jdbi accessJdbi = Jdbi.create(accessPool).installPlugin(new PostgresPlugin());
            AccessGate gate = new AccessGate(new AccountStore(accessJdbi, clock), new AuditLog(accessJdbi), LoginThrottle.standard(),
                    ctx -> WebServer.readEvents(ctx, ingest, settings), clock);
            IndicatorQueries queries = new IndicatorQueries(store, clock, Targets.standard());
            EvidenceQueries evidence = new EvidenceQueries(queries, store, new EvidenceStore(jdbi), clock);
            LedgerUploads ledgers = new LedgerUploads(new StoredSubmissions(new LedgerSubmissionStore(accessJdbi), clock),
                    submitter -> ImportTarget.kafka(publisher, deadLetters, EventIngest.submittedBy(submitter)), clock);
            server = new WebServer(settings, queries, evidence, new ReportDownloads(store, clock), ingest, gate, hub, metrics, clock, ledgers)
                    .start(settings.port());
        } catch (RuntimeException e) {
            stopClients();
            throw e;
        }
    }

    /** Starts the server; the topics must exist and the database be migrated (the pipeline's {@code prepare}). */
    public static WebApplication start(Map<String, Object> kafkaConfig, Database database, WebSettings settings) throws InterruptedException {
        return new WebApplication(kafkaConfig, database, settings);
    }

    public int port() {
        return server.port();
    }

    public int sseClients() {
        return hub.clients();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        stopClients();
    }

    private void stopClients() throws InterruptedException {
        heartbeat.shutdownNow();
        feed.close();
        feedThread.join(10_000);
        publisher.close();
        deadLetters.close();
        metrics.close();
        pool.close();
        accessPool.close();
    }

    /** Sessions, sign-outs and the audit trail write: a small pool of its own, not read-only. */
    private static HikariDataSource accessPool(Database database) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("fazhi-web-access");
        return new HikariDataSource(config);
    }

    /** A few connections kept open: requests are short, and each new PostgreSQL connection costs milliseconds. */
    private static HikariDataSource pool(Database database) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(2);
        config.setPoolName("fazhi-web");
        config.setReadOnly(true);
        return new HikariDataSource(config);
    }
}
