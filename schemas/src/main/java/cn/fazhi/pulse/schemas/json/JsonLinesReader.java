package cn.fazhi.pulse.schemas.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines file one line at a time, so a file of millions of events never sits in
 * memory, and hands each non-blank line, numbered from 1, to the codec.
 */
public final class JsonLinesReader {
    private final EventJsonCodec codec;

    public JsonLinesReader(EventJsonCodec codec) {
        this.codec = codec;
    }

    /** One line of the file and what became of it. */
    public record Line(Path file, long number, String text, DecodedEvent result) {}

    public void read(Path file, Consumer<Line> sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // a byte-order mark, as some Windows editors write
                }
                if (!text.isBlank()) {
                    sink.accept(new Line(file, number, text, codec.decode(text)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
