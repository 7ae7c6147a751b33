package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.schemas.json.JsonLinesReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** JSON Lines, one event per line, exactly as events.md has it (an {@code event_id} is required). */
final class JsonLinesLedgerReader implements LedgerReader {
    private final JsonLinesReader reader;
    private final LedgerListener rows;

    JsonLinesLedgerReader(EventJsonCodec codec, LedgerListener rows) {
        this.reader = new JsonLinesReader(codec);
        this.rows = rows;
    }

    @Override
    public void read(Path file) {
        long[] bytes = {0};
        reader.read(file, line -> {
            bytes[0] += line.text().getBytes(StandardCharsets.UTF_8).length + 1L;
            rows.row(new LedgerRow(file, "", line.number(), line.text(), line.result(), bytes[0]));
        });
    }
}
