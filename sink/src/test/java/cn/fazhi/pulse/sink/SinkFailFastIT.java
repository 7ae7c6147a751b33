package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.DatabaseSchema;

import cn.fazhi.pulse.store.Database;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Errors that waiting will not fix stop the sink at once, saying what to check. */
@ExtendWith(PipelineBackends.class)
class SinkFailFastIT {

    @Test
    void shouldStopWithAMessageAboutTheUserWhenTheDatabaseRefusesTheCredentials(Backends backends) throws Exception {
        String url = backends.newDatabase();
        DatabaseSchema.migrate(new Database(url, backends.dbUser(), backends.dbPassword()).dataSource());

        RuntimeException failure = runUntilFailure(backends, new Database(url, "no_such_user", "wrong"));

        assertThat(failure).hasMessageContaining("SQLSTATE 28").hasMessageContaining("check the database user and password");
    }

    @Test
    void shouldStopWithAMessageAboutMigrationsWhenTheTablesAreMissing(Backends backends) throws Exception {
        Database unmigrated = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());

        RuntimeException failure = runUntilFailure(backends, unmigrated);

        assertThat(failure).hasMessageContaining("SQLSTATE 42P01").hasMessageContaining("run the migrations");
    }

    private static RuntimeException runUntilFailure(Backends backends, Database database) throws Exception {
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            TopicSetup.ensure(admin, (short) 1);
        }
        IndicatorSink sink = new IndicatorSink(kafka, database,
                new SinkSettings("fail-fast-" + UUID.randomUUID(), 100, Duration.ofMillis(50), Duration.ofSeconds(1)));
        Thread thread = new Thread(sink, "sink-under-test");
        thread.start();
        thread.join(Duration.ofSeconds(60).toMillis());
        assertThat(thread.isAlive()).as("the sink stops by itself instead of retrying").isFalse();
        return sink.failure().orElseThrow(() -> new AssertionError("the sink stopped without a failure"));
    }
}
