package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fazhi}: the one command line of Fazhi Pulse. */
@Command(name = "fazhi", mixinStandardHelpOptions = true, version = "Fazhi Pulse 0.1.0",
        description = "法治脉搏 Fazhi Pulse: rule-of-law government indicators from a Kafka event pipeline.",
        footer = {"", "./fazhi bench --help: the benchmarks (a jar of their own, built on first use; docs/benchmarks.md)."},
        subcommands = {DemoCommand.class, ImportCommand.class, ReportCommand.class, SimulateCommand.class, StreamsCommand.class, SinkCommand.class, ServeCommand.class,
                UserCommand.class, TokenCommand.class, AuditCommand.class,
                BrokerCommand.class, DatabaseCommand.class, SetupCommand.class})
public final class FazhiCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FazhiCli());
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof ConfigException config) {
                commandLine.getErr().println(config.getMessage());
                return 2;
            }
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + error.getMessage());
            org.slf4j.LoggerFactory.getLogger(FazhiCli.class).debug("failure", error);
            return 1;
        });
        return cli.execute(args);
    }
}
