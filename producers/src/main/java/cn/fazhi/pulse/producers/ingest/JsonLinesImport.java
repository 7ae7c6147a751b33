package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.PublishException;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.schemas.json.JsonLinesReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publishes the events of JSON Lines files. Good lines are published; each bad line is reported
 * (file, line, field, reason) to the caller and put on the dead-letter topic; nothing stops the
 * import but an unreadable file or a broker that cannot store what it is sent.
 */
public final class JsonLinesImport {
    private static final Pattern TOWN_CODE = Pattern.compile("\"town_code\"\\s*:\\s*\"(\\d{12})\"");

    /** Progress in bytes read of all files, for a progress bar. */
    public interface Progress {
        void advanced(long bytesDone, long bytesTotal);
    }

    private final EventPublisher events;
    private final DeadLetterPublisher deadLetters;
    private final EventJsonCodec codec;

    public JsonLinesImport(EventPublisher events, DeadLetterPublisher deadLetters, EventJsonCodec codec) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.codec = codec;
    }

    public ImportSummary run(List<Path> files, Consumer<RejectedLine> rejectedLines, Progress progress) {
        long total = files.stream().mapToLong(JsonLinesImport::size).sum();
        AtomicLong done = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        Map<String, long[]> perFile = new LinkedHashMap<>();
        JsonLinesReader reader = new JsonLinesReader(codec);
        for (Path file : files) {
            long[] counts = perFile.computeIfAbsent(file.toString(), f -> new long[2]);
            reader.read(file, line -> {
                done.addAndGet(line.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L);
                if (line.result() instanceof DecodedEvent.Accepted ok) {
                    events.publish(ok.event()).whenComplete((metadata, error) -> {
                        if (error != null) {
                            sendFailure.compareAndSet(null, error);
                        }
                    });
                    accepted.incrementAndGet();
                    counts[0]++;
                } else {
                    DecodedEvent.Rejected bad = (DecodedEvent.Rejected) line.result();
                    deadLetters.publish(line.text(), bad.reason(), "import", file.getFileName().toString(),
                            "line " + line.number(), townCode(line.text()));
                    rejectedLines.accept(new RejectedLine(file, line.number(), line.text(), bad.violations()));
                    rejected.incrementAndGet();
                    counts[1]++;
                }
                if (line.number() % 1000 == 0) {
                    progress.advanced(done.get(), total);
                }
            });
        }
        events.flush();
        deadLetters.flush();
        progress.advanced(total, total);
        if (sendFailure.get() != null) {
            throw new PublishException("some events were not stored: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        return new ImportSummary(accepted.get(), rejected.get(), perFile);
    }

    private static String townCode(String text) {
        Matcher m = TOWN_CODE.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
