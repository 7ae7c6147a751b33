package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fazhi simulate}: realistic event histories, to a JSON Lines file or published. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Generate a realistic, deterministic event history for demos, load and benchmarks.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--towns", defaultValue = "5", description = "towns: the five seed towns, then real townships of their districts and cities (340 in all), then synthetic ones (default ${DEFAULT-VALUE})")
    int towns;

    @Option(names = "--years", defaultValue = "2023-2024", paramLabel = "FROM-TO", description = "years of history (default ${DEFAULT-VALUE})")
    String years;

    @Option(names = "--seed", defaultValue = "1", description = "same seed, same history (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--duplicates", defaultValue = "0.02", description = "share of events sent twice (default ${DEFAULT-VALUE})")
    double duplicates;

    @Option(names = "--late", defaultValue = "0.05", description = "share of events reported 31–120 days late (default ${DEFAULT-VALUE})")
    double late;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "publish at most this many events per second")
    Integer rate;

    @Option(names = "--out", paramLabel = "FILE", description = "write JSON Lines to FILE instead of publishing")
    Path out;

    @Option(names = "--publish", description = "publish to the configured cluster (or to a running ./fazhi demo at localhost:19092)")
    boolean publish;

    @Override
    public Integer call() throws Exception {
        if ((out == null) == !publish) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --out FILE or --publish");
        }
        String[] range = years.split("-");
        if (range.length != 2) {
            throw new ParameterException(spec.commandLine(), "--years must be FROM-TO, e.g. 2020-2024: " + years);
        }
        HistorySimulator simulator = new HistorySimulator(new HistorySimulator.Settings(towns, Integer.parseInt(range[0]),
                Integer.parseInt(range[1]), seed, 1.0, duplicates, late));
        long count = out != null ? write(simulator) : publish(simulator);
        System.out.printf("%,d events for %d towns, %s%s%n", count, towns, years, out != null ? " written to " + out : " published");
        return 0;
    }

    private long write(HistorySimulator simulator) throws Exception {
        EventJsonCodec codec = new EventJsonCodec();
        long count = 0;
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (SimulatedEvent e : simulator) {
                writer.write(codec.encode(e.event()));
                writer.newLine();
                count++;
            }
        }
        return count;
    }

    private long publish(HistorySimulator simulator) {
        FazhiConfig config = options.load(Map.of());
        long count = 0;
        long start = System.nanoTime();
        try (EventPublisher publisher = new EventPublisher(ConfigOptions.clusterOrRunningDemo(config))) {
            for (SimulatedEvent e : simulator) {
                publisher.publish(e.event());
                count++;
                if (rate != null) {
                    long due = start + count * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }
            publisher.flush();
        }
        return count;
    }
}
