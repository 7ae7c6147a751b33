package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;

/**
 * The rows of one table (a CSV file or one Excel sheet), in order: finds the header (the first
 * row with at least two recognised column names, so a title row above it is fine), then decodes
 * each row. What the CSV and Excel readers share; plain Java, no file in sight.
 */
final class LedgerSheet implements TableSheet {
    private static final int MIN_KNOWN_HEADERS = 2;

    private final Path file;
    private final String sheet;
    private final Optional<EventType> namedType;
    private final EventJsonCodec codec;
    private final Consumer<LedgerRow> sink;
    private LedgerRowDecoder decoder;
    private long firstRow = -1;

    /** @param namedType the type the sheet or file is named after (调解受理.csv, sheet MediationAccepted), if any */
    LedgerSheet(Path file, String sheet, Optional<EventType> namedType, EventJsonCodec codec, Consumer<LedgerRow> sink) {
        this.file = file;
        this.sheet = sheet;
        this.namedType = namedType;
        this.codec = codec;
        this.sink = sink;
    }

    @Override
    public void row(long number, List<String> cells, long bytesRead) {
        if (cells.stream().allMatch(c -> c == null || c.isBlank())) {
            return;
        }
        if (firstRow < 0) {
            firstRow = number;
        }
        if (decoder == null) {
            if (cells.stream().filter(c -> c != null && LedgerVocabulary.fieldOfHeader(c).isPresent()).count() >= MIN_KNOWN_HEADERS) {
                decoder = new LedgerRowDecoder(cells, namedType, codec);
            } else {
                sink.accept(new LedgerRow(file, sheet, number, asText(cells), null, bytesRead)); // a title above the header
            }
            return;
        }
        boolean comment = cells.get(0) != null && cells.get(0).strip().startsWith("#");
        DecodedEvent result = comment ? null : decoder.decode(cells);
        // the row's text is only for the rejected file, and writing it costs as much as reading the row: refused rows only
        if (result instanceof DecodedEvent.Rejected rejected) {
            sink.accept(new LedgerRow(file, sheet, number, asText(cells), result, decoder.problems(number, rejected, cells), bytesRead));
        } else {
            sink.accept(new LedgerRow(file, sheet, number, "", result, bytesRead));
        }
    }

    private static String asText(List<String> cells) {
        return CSVFormat.DEFAULT.format(cells.stream().map(c -> c == null ? "" : c).toArray());
    }

    /** A table with rows but no header is refused as a whole, at its first row. */
    @Override
    public void end(long bytesRead) {
        if (decoder == null && firstRow > 0) {
            sink.accept(new LedgerRow(file, sheet, firstRow, "", new DecodedEvent.Rejected(List.of(Violation.of("",
                    "找不到表头行（至少两列须为字段名或中文列名，见 docs/import.md）",
                    "no header row found (at least two columns must be field names or their Chinese names, see docs/import.md)"))), bytesRead));
        }
    }
}
