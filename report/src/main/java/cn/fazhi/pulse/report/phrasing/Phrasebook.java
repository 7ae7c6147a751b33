package cn.fazhi.pulse.report.phrasing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * All sentence templates of the report, from {@code report/phrases.properties} (or an office's
 * own copy): the one place where the report's wording lives.
 */
public final class Phrasebook {
    private static final String DEFAULT = "report/phrases.properties";
    private final Properties phrases;

    private Phrasebook(Properties phrases) {
        this.phrases = phrases;
    }

    public static Phrasebook standard() {
        try (InputStream in = Phrasebook.class.getClassLoader().getResourceAsStream(DEFAULT)) {
            return load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT, e);
        }
    }

    public static Phrasebook fromFile(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader);
        }
    }

    private static Phrasebook load(Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        return new Phrasebook(properties);
    }

    public Template get(String key) {
        String text = phrases.getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException("the phrasebook has no sentence " + key);
        }
        return new Template(key, text);
    }
}
