package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fazhi database}: the PostgreSQL server the demo embeds, run as a service of its own for a
 * deployment without a database server (the same binaries, data in a folder that survives restarts).
 */
@Command(name = "database", mixinStandardHelpOptions = true,
        description = {"Run PostgreSQL (the binaries the demo embeds) as a service on localhost, data in --data-dir.",
            "User postgres; local connections are trusted, so any password (e.g. postgres) is accepted. SIGTERM stops it."})
final class DatabaseCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "folder of the database; created on first start, reused after")
    Path dataDir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "5432", description = "TCP port on localhost (default ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, port);
        System.out.println("PostgreSQL running: " + database.jdbcUrl() + " (user " + database.user() + ", data "
                + database.dataDir() + "); SIGTERM or Ctrl-C to stop");
        ServiceRunner.runUntilStopped(() -> {
            database.close();
            System.out.println("PostgreSQL on port " + database.port() + " stopped");
        });
        return 0;
    }
}
