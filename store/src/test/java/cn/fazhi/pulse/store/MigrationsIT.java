package cn.fazhi.pulse.store;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PipelineBackends.class)
class MigrationsIT {

    @Test
    void shouldCreateEveryTableWhenTheDatabaseIsEmpty(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());

        DatabaseSchema.migrate(database.dataSource());

        List<String> tables = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1").mapTo(String.class).list());
        assertThat(tables).contains("indicator_current", "indicator_history", "scope", "sink_offset", "account", "access_token", "submission_audit",
                "ledger_submission", "ledger_entity", "ledger_step",
                "evidence_current", "evidence_amount_current", "evidence_history", "evidence_amount_history");
    }

    @Test
    void shouldUpgradeEachVersionToTheLatestWhenADatabaseIsOneReleaseBehind(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        MigrationInfo[] versions = Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration")
                .load().info().all();
        assertThat(versions).isNotEmpty();
        if (versions.length > 1) {
            String previous = versions[versions.length - 2].getVersion().getVersion();
            Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target(previous).load().migrate();
        }

        var result = DatabaseSchema.migrate(database.dataSource());

        assertThat(result.success).isTrue();
        Jdbi jdbi = database.jdbi();
        String latest = versions[versions.length - 1].getVersion().getVersion();
        String applied = jdbi.withHandle(h -> h.createQuery("SELECT max(version) FROM flyway_schema_history WHERE success")
                .mapTo(String.class).one());
        assertThat(applied).isEqualTo(latest);
        assertThat(DatabaseSchema.migrate(database.dataSource()).migrationsExecuted).as("already at the latest").isZero();
    }
}
