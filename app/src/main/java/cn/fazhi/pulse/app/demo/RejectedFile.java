package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.producers.ingest.RejectedLine;
import cn.fazhi.pulse.producers.ledger.LedgerProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * rejected.jsonl: one line per refused input line or row, with its file, sheet, line or row number, the reason in
 * Chinese and English, each column's problem with the cell as written, and the original text, so it can be fixed and
 * imported again.
 */
public final class RejectedFile implements Consumer<RejectedLine>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter writer;
    private long lines;

    public RejectedFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void accept(RejectedLine rejected) {
        ObjectNode line = JSON.createObjectNode();
        line.put("file", rejected.file().toString());
        if (!rejected.sheet().isEmpty()) {
            line.put("sheet", rejected.sheet());
        }
        line.put("line", rejected.line());
        line.put("place", rejected.place());
        line.put("reason", rejected.reason());
        ArrayNode errors = line.putArray("errors");
        for (LedgerProblem p : rejected.problems()) {
            errors.addObject().put("field", p.column()).put("cell", p.cell()).put("reason_zh", p.reasonZh()).put("reason_en", p.reasonEn());
        }
        line.put("text", rejected.text());
        try {
            writer.write(JSON.writeValueAsString(line));
            writer.newLine();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
