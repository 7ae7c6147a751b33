package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ingest.LedgerImport;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.commons.csv.CSVFormat;

/**
 * Events per second of the producers on the embedded broker: the Java client alone (events made
 * beforehand, so the simulator's cost is not counted; twice, the second time with the JIT warm), then {@code fazhi import} of the same
 * history as a JSON Lines file and as a CSV file (a {@code type} column and one column per field
 * of any type), each once as a dry run (reading and checking only) and once published.
 */
public final class ImportThroughput {
    private ImportThroughput() {}

    public static List<BenchResult> run(long events, Path work, Consumer<String> log) throws Exception {
        int years = 5;
        int towns = (int) Math.max(1, events / (TopologyThroughput.EVENTS_PER_TOWN_YEAR * years));
        List<SpecificRecord> history = new ArrayList<>();
        for (SimulatedEvent e : new HistorySimulator(HistorySimulator.Settings.of(towns, 2020, 2020 + years - 1, 1))) {
            history.add(e.event());
        }
        log.accept(String.format("simulated %,d events (%d towns × %d years); writing the ledgers …", history.size(), towns, years));
        Path jsonLines = work.resolve("history.jsonl");
        Path csv = work.resolve("history.csv");
        writeJsonLines(history, jsonLines);
        writeCsv(history, csv);
        log.accept(String.format("%s: %,d MB; %s: %,d MB", jsonLines.getFileName(), Files.size(jsonLines) >> 20, csv.getFileName(), Files.size(csv) >> 20));

        List<BenchResult> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0, 0);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            TopicSetup.ensure(admin, (short) 1);

            long start = 0;
            for (String pass : List.of("first pass, cold JVM", "second pass")) {
                log.accept("Java client, " + pass + " …");
                start = System.nanoTime();
                try (EventPublisher publisher = new EventPublisher(client)) {
                    history.forEach(publisher::publish);
                    publisher.flush();
                }
                results.add(new BenchResult("Java client publish (" + pass + ")", history.size(), TopologyThroughput.seconds(start), "events"));
            }

            for (Path file : List.of(jsonLines, csv)) {
                log.accept("import " + file.getFileName() + " --dry-run …");
                start = System.nanoTime();
                ImportSummary checked = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec()).run(List.of(file), r -> {}, (d, t) -> {});
                results.add(new BenchResult("import --dry-run " + file.getFileName() + " (read and check)", checked.accepted(), TopologyThroughput.seconds(start), "events"));
                log.accept("import " + file.getFileName() + " …");
                start = System.nanoTime();
                ImportSummary published;
                try (EventPublisher publisher = new EventPublisher(client); DeadLetterPublisher deadLetters = new DeadLetterPublisher(client)) {
                    published = new LedgerImport(ImportTarget.kafka(publisher, deadLetters), new EventJsonCodec()).run(List.of(file), r -> {}, (d, t) -> {});
                }
                results.add(new BenchResult("import " + file.getFileName() + " to the broker", published.accepted(), TopologyThroughput.seconds(start), "events"));
                if (published.rejected() > 0) {
                    throw new IllegalStateException(published.rejected() + " simulated events were rejected by import");
                }
            }
        } finally {
            Files.deleteIfExists(jsonLines); // a third of a gigabyte each
            Files.deleteIfExists(csv);
        }
        return results;
    }

    private static void writeJsonLines(List<SpecificRecord> history, Path file) throws IOException {
        EventJsonCodec codec = new EventJsonCodec();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SpecificRecord event : history) {
                out.write(codec.encode(event));
                out.newLine();
            }
        }
    }

    private static void writeCsv(List<SpecificRecord> history, Path file) throws IOException {
        Set<String> columns = new LinkedHashSet<>(List.of("type"));
        for (EventType type : EventType.values()) {
            type.schema().getFields().stream().map(Schema.Field::name).forEach(columns::add);
        }
        EventJsonCodec codec = new EventJsonCodec();
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(format.format(columns.toArray()));
            out.newLine();
            List<String> cells = new ArrayList<>(columns.size());
            for (SpecificRecord event : history) {
                ObjectNode json = codec.toJson(event);
                cells.clear();
                for (String column : columns) {
                    JsonNode value = json.get(column);
                    cells.add(value == null ? "" : value.asText());
                }
                out.write(format.format(cells.toArray()));
                out.newLine();
            }
        }
    }
}
