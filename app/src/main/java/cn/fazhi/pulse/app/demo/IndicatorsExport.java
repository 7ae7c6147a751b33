package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.StoredSnapshot;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the stored snapshots as a JSON array, one object per row of indicator_current. */
public final class IndicatorsExport {
    private IndicatorsExport() {}

    public static void write(List<StoredSnapshot> snapshots, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            for (StoredSnapshot s : snapshots) {
                json.writeStartObject();
                json.writeStringField("scope_code", s.scopeCode());
                json.writeStringField("period", s.period());
                json.writeStringField("indicator", s.indicator());
                json.writeFieldName("numerator");
                writeDecimal(json, s.numerator());
                json.writeFieldName("denominator");
                writeDecimal(json, s.denominator());
                json.writeFieldName("value");
                if (s.value() == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(s.value());
                }
                json.writeStringField("as_of", EventJsonCodec.formatTimestamp(s.asOf()));
                json.writeStringField("updated_at", EventJsonCodec.formatTimestamp(s.updatedAt()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static void writeDecimal(JsonGenerator json, BigDecimal value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            BigDecimal plain = value.stripTrailingZeros();
            json.writeNumber(plain.scale() < 0 ? plain.setScale(0) : plain);
        }
    }
}
