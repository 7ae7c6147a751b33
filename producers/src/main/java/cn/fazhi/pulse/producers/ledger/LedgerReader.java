package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads one ledger file row by row, never the whole file into memory, telling its listener of each row. */
public interface LedgerReader {

    void read(Path file);

    /**
     * The reader for a file's format, by its extension: .jsonl/.json/.ndjson, .csv or .xlsx. Its
     * tables may be tables of events or entity ledgers ({@link SheetDispatch}).
     *
     * @param seenEntities the row of each entity already read, shared by every file of one
     *     submission so that an entity written twice is refused the second time
     */
    static LedgerReader forFile(Path file, EventJsonCodec codec, EntityLedgerOptions options, Map<String, Long> seenEntities,
                                LedgerListener listener) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        TableSheet.Factory sheets = (f, sheet, namedType) -> new SheetDispatch(f, sheet, namedType, codec, options, seenEntities, listener);
        if (name.endsWith(".csv")) {
            return new CsvLedgerReader(sheets);
        }
        if (name.endsWith(".xlsx")) {
            return new XlsxLedgerReader(sheets);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return new JsonLinesLedgerReader(codec, listener);
        }
        throw new LedgerFormatException(file, "不支持的文件类型（可用 .jsonl、.csv、.xlsx）", "unsupported file type (use .jsonl, .csv or .xlsx)");
    }

    /** A reader for one file alone. */
    static LedgerReader forFile(Path file, EventJsonCodec codec, EntityLedgerOptions options, LedgerListener listener) {
        return forFile(file, codec, options, new HashMap<>(), listener);
    }
}
