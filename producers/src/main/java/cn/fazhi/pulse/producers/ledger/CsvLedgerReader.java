package cn.fazhi.pulse.producers.ledger;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV ledger: a header row, then one event per row; the type from a {@code type} column or
 * from the file's name (调解受理.csv, MediationAccepted.csv). UTF-8 with or without a byte-order
 * mark, or GB18030 (which includes GBK), as Excel for Chinese Windows saves "CSV".
 */
final class CsvLedgerReader implements LedgerReader {
    private static final int SNIFF_BYTES = 1 << 16;
    private static final Charset GB18030 = Charset.forName("GB18030");

    private final TableSheet.Factory sheets;

    CsvLedgerReader(TableSheet.Factory sheets) {
        this.sheets = sheets;
    }

    @Override
    public void read(Path file) {
        String baseName = file.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        TableSheet sheet = sheets.sheet(file, "", LedgerVocabulary.typeOf(baseName));
        try (CountingStream bytes = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             Reader reader = new InputStreamReader(bytes, charsetOf(file));
             CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get().parse(reader)) {
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                if (record.getRecordNumber() == 1 && !cells.isEmpty() && cells.get(0).startsWith("\uFEFF")) {
                    cells = new java.util.ArrayList<>(cells);
                    cells.set(0, cells.get(0).substring(1)); // a byte-order mark, as Excel writes "CSV UTF-8"
                }
                sheet.row(record.getRecordNumber(), cells, bytes.count); // the record number is the row Excel shows
            }
            sheet.end(bytes.count);
        } catch (IOException | UncheckedIOException e) {
            throw new LedgerFormatException(file, "无法读取：" + e.getMessage(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** UTF-8 if the first 64 KiB decode as UTF-8, otherwise GB18030. */
    static Charset charsetOf(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        int end = head.length;
        if (end == SNIFF_BYTES) {
            while (end > 0 && head[end - 1] != '\n') {
                end--; // stop at a line end, so a character cut in two is not taken for a wrong encoding
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return GB18030;
        }
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
