package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where {@code fazhi database} takes its password from, and when it warns; no server started. */
class DatabaseCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldUsePasswordFileBeforeEnvironmentBeforeDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("pw.txt"), "from-the-file\nsecond line ignored\n");

        assertThat(parse(Map.of("FAZHI_DB_PASSWORD", "from-env"), "--password-file", file.toString()).password())
                .isEqualTo(new DatabaseCommand.Password("from-the-file", "from " + file));
        assertThat(parse(Map.of("FAZHI_DB_PASSWORD", "from-env")).password())
                .isEqualTo(new DatabaseCommand.Password("from-env", "from FAZHI_DB_PASSWORD"));
        assertThat(parse(Map.of()).password().value()).isEqualTo("postgres");
        assertThat(parse(Map.of("FAZHI_DB_PASSWORD", "")).password().value()).isEqualTo("postgres");
    }

    @Test
    void shouldRefuseMissingOrEmptyPasswordFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");

        assertThatThrownBy(() -> parse(Map.of(), "--password-file", empty.toString()).password())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("no password");
        assertThatThrownBy(() -> parse(Map.of(), "--password-file", dir.resolve("missing").toString()).password())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void shouldWarnOnlyWhenOtherMachinesCanConnectWithTheDefaultPassword() {
        DatabaseCommand.Password standard = new DatabaseCommand.Password("postgres", "the default, postgres");
        DatabaseCommand.Password own = new DatabaseCommand.Password("s3cret", "from FAZHI_DB_PASSWORD");

        assertThat(DatabaseCommand.warning("*", standard)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning:").contains("default password", "FAZHI_DB_PASSWORD", "--password-file"));
        assertThat(DatabaseCommand.warning("localhost,10.0.0.5", standard)).isPresent();
        assertThat(DatabaseCommand.warning("localhost", standard)).isEmpty();
        assertThat(DatabaseCommand.warning("127.0.0.1,::1", standard)).isEmpty();
        assertThat(DatabaseCommand.warning("*", own)).isEmpty();
    }

    @Test
    void shouldListenOnLocalhostByDefaultAndNeverShowThePassword() {
        DatabaseCommand command = parse(Map.of("FAZHI_DB_PASSWORD", "s3cret"));

        assertThat(command.listen).isEqualTo("localhost");
        assertThat(command.password().toString()).doesNotContain("s3cret");
        assertThat(new CommandLine(new DatabaseCommand()).getUsageMessage()).contains("--password-file", "--listen")
                .doesNotContain("--password ");
    }

    private DatabaseCommand parse(Map<String, String> environment, String... options) {
        DatabaseCommand command = new DatabaseCommand();
        String[] args = new String[options.length + 2];
        args[0] = "--data-dir";
        args[1] = dir.resolve("db").toString();
        System.arraycopy(options, 0, args, 2, options.length);
        new CommandLine(command).parseArgs(args);
        command.environment = environment;
        return command;
    }
}
