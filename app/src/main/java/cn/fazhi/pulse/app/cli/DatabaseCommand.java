package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fazhi database}: the PostgreSQL server the demo embeds, run as a service of its own for a
 * deployment without a database server (the same binaries, data in a folder that survives restarts).
 *
 * <p>Every connection gives the password of user {@code postgres}: {@code postgres} unless
 * {@code FAZHI_DB_PASSWORD} (the variable the services read it from) or {@code --password-file}
 * names another. Never a password option: a command line is visible to every user in {@code ps}.
 */
@Command(name = "database", mixinStandardHelpOptions = true,
        description = {"Run PostgreSQL (the binaries the demo embeds) as a service, data in --data-dir. SIGTERM stops it.",
            "User postgres. Every connection needs its password: postgres unless FAZHI_DB_PASSWORD or --password-file"
                + " names another (a new folder takes it, an existing one must have it). Listens on localhost unless --listen."})
final class DatabaseCommand implements Callable<Integer> {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "folder of the database; created on first start, reused after")
    Path dataDir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "5432", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--listen", paramLabel = "ADDRESSES", defaultValue = EmbeddedDatabase.DEFAULT_LISTEN_ADDRESSES,
            description = "PostgreSQL's listen_addresses: localhost (default), * for every interface, or this machine's"
                    + " addresses separated by commas, so that the other machines of a deployment can connect")
    String listen;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password of user postgres from the first line of FILE (instead of FAZHI_DB_PASSWORD)")
    Path passwordFile;

    /** Where FAZHI_DB_PASSWORD is read from; replaced by tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        Password password = password();
        warning(listen, password).ifPresent(System.err::println);
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, port, password.value(), listen);
        System.out.println("PostgreSQL running: " + database.jdbcUrl() + " (user " + database.user() + ", password "
                + password.source() + ", listening on " + database.listenAddresses() + ", data " + database.dataDir()
                + "); SIGTERM or Ctrl-C to stop");
        ServiceRunner.runUntilStopped(() -> {
            database.close();
            System.out.println("PostgreSQL on port " + database.port() + " stopped");
        });
        return 0;
    }

    /** The password and where it came from, for the start-up line (which never shows the password itself). */
    record Password(String value, String source) {
        @Override
        public String toString() {
            return "Password[" + source + "]";
        }
    }

    /** {@code --password-file}, else {@code FAZHI_DB_PASSWORD}, else the default. */
    Password password() {
        if (passwordFile != null) {
            String line;
            try (BufferedReader reader = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
                line = reader.readLine();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--password-file " + passwordFile + " cannot be read: " + e.getMessage());
            }
            if (line == null || line.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--password-file " + passwordFile + " has no password on its first line");
            }
            return new Password(line, "from " + passwordFile);
        }
        String variable = ConfigKey.DB_PASSWORD.environmentVariable();
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new Password(fromEnvironment, "from " + variable);
        }
        return new Password(EmbeddedDatabase.DEFAULT_PASSWORD, "the default, " + EmbeddedDatabase.DEFAULT_PASSWORD);
    }

    /** Reachable from other machines with the password everyone knows: say so before anything else. */
    static Optional<String> warning(String listen, Password password) {
        boolean beyondLocalhost = Arrays.stream(listen.split(",")).anyMatch(address -> !LOOPBACK.contains(address));
        if (!beyondLocalhost || !password.value().equals(EmbeddedDatabase.DEFAULT_PASSWORD)) {
            return Optional.empty();
        }
        return Optional.of("warning: PostgreSQL will listen on " + listen + " with the default password "
                + EmbeddedDatabase.DEFAULT_PASSWORD + ": anyone who can reach this port can read and change every"
                + " database. Set another: FAZHI_DB_PASSWORD or --password-file on a new data folder; on an existing one"
                + " ALTER ROLE postgres PASSWORD '…' first, then start it with the new one.");
    }
}
