package cn.fazhi.pulse.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** The headers of a dead-letter record: why it was refused and where it came from. */
public final class DeadLetters {
    /** The reason, in Chinese and English. */
    public static final String REASON = "fazhi.reason";
    /** Where it was refused: {@code import}, {@code http}, {@code streams} or {@code sink}. */
    public static final String STAGE = "fazhi.stage";
    /** The topic, file or request it came from. */
    public static final String SOURCE = "fazhi.source";
    /** Its offset or line number there. */
    public static final String POSITION = "fazhi.position";
    /** The town code, when it could be read, so that rejections count against their town. */
    public static final String TOWN = "fazhi.town";

    private DeadLetters() {}

    public static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
