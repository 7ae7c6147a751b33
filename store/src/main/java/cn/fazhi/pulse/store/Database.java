package cn.fazhi.pulse.store;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.postgresql.ds.PGSimpleDataSource;

/** Where the indicators are stored: a JDBC URL and credentials, opened as a Jdbi handle factory. */
public record Database(String jdbcUrl, String user, String password) {

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        // One round trip for a whole batch of upserts instead of one per row.
        dataSource.setReWriteBatchedInserts(true);
        dataSource.setConnectTimeout(5);
        dataSource.setApplicationName("fazhi-pulse");
        return dataSource;
    }

    public Jdbi jdbi() {
        return Jdbi.create(dataSource()).installPlugin(new PostgresPlugin());
    }
}
