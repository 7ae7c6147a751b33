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
                "evidence_latest", "evidence_amount", "evidence_version");
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

    @Test
    void shouldKeepTheStoredEvidenceWhenItsTablesAreReshapedInVersion6(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").target("5").load().migrate();
        Jdbi jdbi = database.jdbi();
        // A mediation accepted (offset 7), then concluded (offset 9): two versions, the second current.
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO evidence_history VALUES
                  (0, 7, 'T|mediation|m-1', '370323106000', 'MEDIATION', 'm-1', 'ACCEPTED', '2024-03-02', NULL, '[{"event_id":"a"}]', '2024-03-02 10:00+00'),
                  (0, 9, 'T|mediation|m-1', '370323106000', 'MEDIATION', 'm-1', 'SUCCESS', '2024-03-02', '2024-03-20', '[{"event_id":"a"},{"event_id":"c"}]', '2024-03-20 10:00+00');
                INSERT INTO evidence_amount_history VALUES
                  (0, 7, '370323106000', '2024-03', 'mediation.accepted', 1),
                  (0, 9, '370323106000', '2024-03', 'mediation.accepted', 1),
                  (0, 9, '370323106000', '2024-03', 'mediation.succeeded', 1);
                INSERT INTO evidence_current VALUES
                  ('T|mediation|m-1', '370323106000', 'MEDIATION', 'm-1', 'SUCCESS', '2024-03-02', '2024-03-20', '[{"event_id":"a"},{"event_id":"c"}]', '2024-03-20 10:00+00', 0, 9);
                INSERT INTO evidence_amount_current VALUES
                  ('T|mediation|m-1', '370323106000', '2024-03', 'mediation.accepted', 1),
                  ('T|mediation|m-1', '370323106000', '2024-03', 'mediation.succeeded', 1);"""));

        DatabaseSchema.migrate(database.dataSource());

        assertThat(rows(jdbi, "SELECT source_offset || ' ' || state || ' ' || array_to_string(amount_measures, ',') || ' '"
                + " || json_array_length(events) FROM evidence_version ORDER BY source_offset"))
                .containsExactly("7 ACCEPTED mediation.accepted 1", "9 SUCCESS mediation.accepted,mediation.succeeded 2");
        assertThat(rows(jdbi, "SELECT source_offset || ' ' || array_to_string(amounts, ',') FROM evidence_latest")).containsExactly("9 1,1");
        assertThat(rows(jdbi, "SELECT measure || ' ' || amount FROM evidence_amount ORDER BY measure"))
                .containsExactly("mediation.accepted 1", "mediation.succeeded 1");
    }

    private static List<String> rows(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
