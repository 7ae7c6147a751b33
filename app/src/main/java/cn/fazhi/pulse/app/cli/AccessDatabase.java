package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import java.util.Map;

/** The database the account commands work on: the configured one, or a running {@code ./fazhi demo}'s, as {@code fazhi report} finds it. */
final class AccessDatabase {
    private AccessDatabase() {}

    static Database open(ConfigOptions options) {
        FazhiConfig config = options.load(Map.of());
        String url = config.dbUrl().orElse("jdbc:postgresql://localhost:" + ConfigKey.EMBEDDED_DB_PORT.defaultValue() + "/postgres");
        Database database = new Database(url, config.dbUser(), config.dbPassword());
        try {
            // Accounts live in tables of their own migration: a database of an older release gets them here.
            DatabaseSchema.migrate(database.dataSource());
        } catch (RuntimeException e) {
            throw new IllegalStateException("无法连接数据库 " + url + "（./fazhi demo 是否在运行？或用 --set db.url=… 指定）"
                    + " / cannot reach the database at " + url + " (is ./fazhi demo running? or name it with --set db.url=…)", e);
        }
        return database;
    }
}
