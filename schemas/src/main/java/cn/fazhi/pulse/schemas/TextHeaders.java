package cn.fazhi.pulse.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Kafka headers holding UTF-8 text, as every header of the pipeline's contracts does. */
public final class TextHeaders {
    private TextHeaders() {}

    /** Adds the header, unless the value is null: an absent header reads back as null. */
    public static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The last header of that name as text, or null when there is none or it has no value. */
    public static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
