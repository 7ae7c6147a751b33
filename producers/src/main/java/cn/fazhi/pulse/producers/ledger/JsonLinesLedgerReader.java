package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.schemas.json.JsonLinesReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** JSON Lines, one event per line, exactly as events.md has it (an {@code event_id} is required). */
final class JsonLinesLedgerReader implements LedgerReader {
    private final JsonLinesReader reader;

    JsonLinesLedgerReader(EventJsonCodec codec) {
        this.reader = new JsonLinesReader(codec);
    }

    @Override
    public void read(Path file, Consumer<LedgerRow> rows) {
        long[] bytes = {0};
        reader.read(file, line -> {
            bytes[0] += line.text().getBytes(StandardCharsets.UTF_8).length + 1L;
            rows.accept(new LedgerRow(file, "", line.number(), line.text(), line.result(), bytes[0]));
        });
    }
}
