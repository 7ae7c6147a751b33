package cn.fazhi.pulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.streams.TestEvents;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import cn.fazhi.pulse.testkit.sample.SeedTownsSample;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When the drain may say that the sink has stored everything: the town names too, which the dashboard and reports show. */
@ExtendWith(PipelineBackends.class)
class DrainSinkIT {
    private static final String TOWN = "120119109000"; // 上仓镇

    @Test
    void shouldNotSayTheSinkIsDoneUntilItHasStoredTheTownsRegistered(Backends backends) throws Exception {
        // Given a town registered, and a sink that has read nothing yet
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        try (Admin admin = Admin.create(kafka)) {
            TopicSetup.ensure(admin, (short) 1);
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                SeedTownsSample.lines().stream().filter(line -> line.contains("TownRegistered") && line.contains(TOWN))
                        .map(TestEvents::event).forEach(publisher::publish);
                publisher.flush();
            }
            IndicatorSink sink = new IndicatorSink(kafka, database, new SinkSettings("drain-sink-it-" + UUID.randomUUID(), 1000,
                    Duration.ofMillis(50), Duration.ofSeconds(2), 1));
            Drain drain = new Drain(admin);

            // When / Then the drain waits for it
            assertThat(drain.storedAll(sink)).as("stored all before the sink read anything").isFalse();

            // And once the sink has run until the drain says it is done, the town's name is there to show
            Thread running = new Thread(sink, "drain-sink-it");
            running.start();
            try {
                Drain.await(() -> drain.storedAll(sink) ? null : "the sink", Duration.ofMinutes(1), Duration.ofMillis(50), 1);
                assertThat(new IndicatorStore(database.jdbi()).scopes()).extracting(ScopeRow::code).contains(TOWN);
            } finally {
                sink.close();
                running.join();
            }
        }
    }
}
