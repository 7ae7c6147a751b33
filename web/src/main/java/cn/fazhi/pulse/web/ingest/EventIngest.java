package cn.fazhi.pulse.web.ingest;

import cn.fazhi.pulse.producers.DeadLetterNotStoredException;
import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.web.WebException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * {@code POST /api/events}: one JSON event or JSON Lines. All or nothing: every line is decoded
 * and checked first, and only when all are good is any event published — a clerk who fixes the
 * bad lines and sends the request again gets no duplicates of the good ones. The refused lines go
 * to the dead-letter topic with line and reason, as at every door, so they are counted in
 * {@code dq.rejected} and a person can read them there too.
 */
public final class EventIngest {
    private final EventJsonCodec codec;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final int maxEvents;

    public EventIngest(EventJsonCodec codec, EventPublisher publisher, DeadLetterPublisher deadLetters, int maxEvents) {
        this.codec = codec;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.maxEvents = maxEvents;
    }

    /** One reason a line was refused. */
    public record LineError(long line, String field, String reasonZh, String reasonEn) {}

    /** A refused line as sent, for the dead-letter topic and the audit trail. */
    public record RefusedLine(long line, String text, String reason) {
        /** The town the line names, when it can be read. */
        public String townCode() {
            return EventIngest.townCode(text);
        }
    }

    /** Every event of a request, or every reason it was refused. */
    public record Checked(List<SpecificRecord> events, List<LineError> errors, List<RefusedLine> refused) {
        public boolean accepted() {
            return errors.isEmpty();
        }
    }

    /** Decodes every non-blank line; a body that is one JSON object over several lines is one event. */
    public Checked check(String body) {
        List<SpecificRecord> events = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        List<RefusedLine> refused = new ArrayList<>();
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
            } else {
                List<Violation> violations = decoded instanceof DecodedEvent.Rejected bad ? bad.violations()
                        : List.of(Violation.of("retracted_type", "不是可撤回的事件类型", "not an event type that can be retracted"));
                for (Violation v : violations) {
                    errors.add(new LineError(i + 1L, v.field(), v.reasonZh(), v.reasonEn()));
                }
                refused.add(new RefusedLine(i + 1L, lines[i], new DecodedEvent.Rejected(violations).reason()));
            }
        }
        if (nonBlank == 0) {
            throw new WebException.BadRequest("请求体为空：须为一个 JSON 事件或 JSON Lines", "empty request: send one JSON event or JSON Lines");
        }
        return new Checked(List.copyOf(events), List.copyOf(errors), List.copyOf(refused));
    }

    /** Every town a request names: of its good events and of its refused lines where readable. What the access rule checks. */
    public static Set<String> towns(Checked checked) {
        Set<String> towns = new LinkedHashSet<>();
        checked.events().forEach(e -> towns.add(Events.townCode(e)));
        checked.refused().forEach(r -> {
            String town = r.townCode();
            if (town != null) {
                towns.add(town);
            }
        });
        return towns;
    }

    /** The headers of every event a caller submits, whether sent to the API or published from an uploaded ledger. */
    public static List<Header> submittedBy(String submitter) {
        return List.of(new RecordHeader(Events.SUBMITTER_HEADER, submitter.getBytes(StandardCharsets.UTF_8)));
    }

    /** Publishes checked events, each with the submitter header, and waits until the broker has stored every one. */
    public int publish(Checked checked, String submitter) throws InterruptedException, ExecutionException, TimeoutException {
        if (!checked.accepted()) {
            throw new IllegalArgumentException("a request with refused lines is not published");
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        List<Header> headers = submittedBy(submitter);
        for (SpecificRecord event : checked.events()) {
            CompletableFuture<Object> stored = new CompletableFuture<>();
            publisher.publish(event, headers, (metadata, failure) -> {
                if (failure != null) {
                    stored.completeExceptionally(failure);
                } else {
                    stored.complete(metadata);
                }
            });
            sent.add(stored);
        }
        publisher.flush();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        return sent.size();
    }

    /**
     * Puts the refused lines of a request on the dead-letter topic and waits until the broker has
     * them; its good events are not published.
     *
     * @throws DeadLetterNotStoredException if a refused line's dead letter was not stored: the
     *     request must not answer as if its refusal were recorded
     */
    public void recordRefused(Checked checked) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (RefusedLine line : checked.refused()) {
            String town = townCode(line.text());
            // known by its event_id where readable, so that sending it again counts once and sending it fixed clears it
            DeadLetter deadLetter = new DeadLetter(DeadLetter.Stage.HTTP, "POST /api/events", "line " + line.line(), town,
                    line.reason(), RejectionSubject.ofJson(line.text(), town));
            sent.add(deadLetters.publish(deadLetter, line.text()));
        }
        deadLetters.flush();
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DeadLetterNotStoredException notStored) {
                throw notStored;
            }
            throw e;
        }
    }

    /** The town a refused line names, when it can be read, so that the refusal counts against it. */
    private static String townCode(String line) {
        try {
            JsonNode town = JSON.readTree(line).path("town_code");
            return town.isTextual() && TownCode.isValid(town.asText()) ? town.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isOneObject(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}") && trimmed.indexOf('\n') >= 0 && !trimmed.contains("}\n") && !trimmed.contains("}\r\n");
    }
}
