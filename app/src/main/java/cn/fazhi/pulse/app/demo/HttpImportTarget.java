package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.producers.PublishException;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code fazhi import --server URL --token TOKEN}: good rows go to {@code POST /api/events} of a
 * running server in batches, with the office's bearer token, instead of to Kafka; an office with a
 * token needs no access to the cluster. Each batch is all or nothing on the server. Refused rows
 * stay in the local rejected file (the server only ever sees good rows).
 */
public final class HttpImportTarget implements ImportTarget {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Well under the server's 10 MiB and 50,000-event limits. */
    static final int BATCH_EVENTS = 2000;
    static final int BATCH_BYTES = 4 << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    private final URI events;
    private final String token;
    private final EventJsonCodec codec = new EventJsonCodec();
    private final StringBuilder batch = new StringBuilder();
    private final List<Consumer<Throwable>> waiting = new ArrayList<>();

    public HttpImportTarget(String server, String token) {
        this.events = URI.create(server.replaceAll("/+$", "") + "/api/events");
        this.token = token;
    }

    /** Fails at once, with the server's reason, when the server cannot be reached or the token is not valid. */
    public void requireSignedIn() throws InterruptedException {
        HttpResponse<String> me = send(HttpRequest.newBuilder(events.resolve("/api/me")).GET());
        if (me.statusCode() != 200) {
            throw new IllegalStateException("服务器拒绝了令牌 / the server refused the token: " + reason(me));
        }
    }

    @Override
    public void publish(SpecificRecord event, Consumer<Throwable> failed) {
        String line = codec.encode(event);
        if (!waiting.isEmpty() && (waiting.size() >= BATCH_EVENTS || batch.length() + line.length() > BATCH_BYTES)) {
            flush();
        }
        batch.append(line).append('\n');
        waiting.add(failed);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter, String text, Consumer<Throwable> failed) {
        // Refused rows are reported locally; the server takes events, not rows it would refuse again.
    }

    @Override
    public void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        List<Consumer<Throwable>> sent = List.copyOf(waiting);
        String body = batch.toString();
        waiting.clear();
        batch.setLength(0);
        Throwable failure;
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(events).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
            failure = response.statusCode() == 202 ? null
                    : new PublishException("服务器拒绝了 " + sent.size() + " 个事件 / the server refused " + sent.size() + " events: " + reason(response), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            Throwable f = failure;
            sent.forEach(callback -> callback.accept(f));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws InterruptedException {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PublishException("无法连接服务器 / cannot reach the server at " + events.resolve("/") + ": " + e.getMessage(), e);
        }
    }

    private static String reason(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            return response.statusCode() + " " + body.path("错误").asText("") + " / " + body.path("error").asText("");
        } catch (IOException | RuntimeException e) {
            return response.statusCode() + " " + response.body();
        }
    }
}
