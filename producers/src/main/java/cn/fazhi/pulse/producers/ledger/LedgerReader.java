package cn.fazhi.pulse.producers.ledger;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/** Reads one ledger file row by row, never the whole file into memory. */
public interface LedgerReader {

    void read(Path file, Consumer<LedgerRow> rows);

    /** The reader for a file's format, by its extension: .jsonl/.json/.ndjson, .csv or .xlsx. */
    static LedgerReader forFile(Path file, cn.fazhi.pulse.schemas.json.EventJsonCodec codec) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return new CsvLedgerReader(codec);
        }
        if (name.endsWith(".xlsx")) {
            return new XlsxLedgerReader(codec);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return new JsonLinesLedgerReader(codec);
        }
        throw new LedgerFormatException(file, "不支持的文件类型（可用 .jsonl、.csv、.xlsx）", "unsupported file type (use .jsonl, .csv or .xlsx)");
    }
}
