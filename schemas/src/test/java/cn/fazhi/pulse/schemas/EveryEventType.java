package cn.fazhi.pulse.schemas;

import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One valid example of each event type of the catalog, as JSON lines and as records. */
public final class EveryEventType {
    /** The tests' "now": events up to a day later are accepted. */
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    public static final EventJsonCodec CODEC = new EventJsonCodec(Clock.fixed(NOW, ZoneOffset.UTC));

    private EveryEventType() {}

    public static List<String> lines() {
        try (InputStream in = EveryEventType.class.getResourceAsStream("/every-event-type.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<SpecificRecord> records() {
        return lines().stream().map(line -> {
            DecodedEvent decoded = CODEC.decode(line);
            if (decoded instanceof DecodedEvent.Accepted accepted) {
                return accepted.event();
            }
            throw new AssertionError(line + " -> " + ((DecodedEvent.Rejected) decoded).reason());
        }).toList();
    }
}
