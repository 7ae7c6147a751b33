package cn.fazhi.pulse.web.ingest;

import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.web.WebException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code POST /api/events}: one JSON event or JSON Lines. All or nothing: every line is decoded
 * and checked first, and only when all are good is any published — a clerk who fixes the bad
 * lines and sends the request again gets no duplicates of the good ones.
 */
public final class EventIngest {
    private final EventJsonCodec codec;
    private final EventPublisher publisher;
    private final int maxEvents;

    public EventIngest(EventJsonCodec codec, EventPublisher publisher, int maxEvents) {
        this.codec = codec;
        this.publisher = publisher;
        this.maxEvents = maxEvents;
    }

    /** One reason a line was refused. */
    public record LineError(long line, String field, String reasonZh, String reasonEn) {}

    /** Every event of a request, or every reason it was refused. */
    public record Checked(List<SpecificRecord> events, List<LineError> errors) {
        public boolean accepted() {
            return errors.isEmpty();
        }
    }

    /** Decodes every non-blank line; a body that is one JSON object over several lines is one event. */
    public Checked check(String body) {
        List<SpecificRecord> events = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
        String[] lines = isOneObject(text) ? new String[] {text} : text.split("\r?\n", -1);
        int nonBlank = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            nonBlank++;
            if (nonBlank > maxEvents) {
                throw new WebException.BadRequest("一次最多提交 " + maxEvents + " 个事件，请分批提交",
                        "at most " + maxEvents + " events per request; send them in several requests");
            }
            DecodedEvent decoded = codec.decode(lines[i]);
            if (decoded instanceof DecodedEvent.Accepted ok && EventType.entityKind(ok.event()).isPresent()) {
                events.add(ok.event());
            } else if (decoded instanceof DecodedEvent.Rejected bad) {
                for (Violation v : bad.violations()) {
                    errors.add(new LineError(i + 1L, v.field(), v.reasonZh(), v.reasonEn()));
                }
            } else {
                errors.add(new LineError(i + 1L, "retracted_type", "不是可撤回的事件类型", "not an event type that can be retracted"));
            }
        }
        if (nonBlank == 0) {
            throw new WebException.BadRequest("请求体为空：须为一个 JSON 事件或 JSON Lines", "empty request: send one JSON event or JSON Lines");
        }
        return new Checked(List.copyOf(events), List.copyOf(errors));
    }

    /** Publishes checked events and waits until the broker has stored every one. */
    public int publish(Checked checked) throws InterruptedException, ExecutionException, TimeoutException {
        if (!checked.accepted()) {
            throw new IllegalArgumentException("a request with refused lines is not published");
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (SpecificRecord event : checked.events()) {
            sent.add(publisher.publish(event));
        }
        publisher.flush();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        return sent.size();
    }

    private static boolean isOneObject(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}") && trimmed.indexOf('\n') >= 0 && !trimmed.contains("}\n") && !trimmed.contains("}\r\n");
    }
}
