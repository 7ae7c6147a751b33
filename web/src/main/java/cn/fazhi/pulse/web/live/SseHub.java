package cn.fazhi.pulse.web.live;

import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The browsers connected to {@code /api/stream}, each watching a scope and the scopes below it.
 * A batch of snapshots is filtered per client and sent as one {@code snapshots} event (a JSON
 * array), so a burst of changes costs each client one write.
 */
public final class SseHub {
    private final ConcurrentHashMap<SseClient, Set<String>> clients = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    public void add(SseClient client, Set<String> scopes) {
        clients.put(client, Set.copyOf(scopes));
        client.onClose(() -> clients.remove(client));
    }

    public int clients() {
        return clients.size();
    }

    /** Snapshots delivered to clients, counting one per client it went to. */
    public long sent() {
        return sent.get();
    }

    /**
     * A comment line to every client: proxies close connections that stay silent, and a write is
     * the only way to notice a browser that went away without closing.
     */
    public void heartbeat() {
        clients.forEach((client, scopes) -> {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendComment("heartbeat");
            }
        });
    }

    public void broadcast(List<LiveSnapshot> batch) {
        clients.forEach((client, scopes) -> {
            List<LiveSnapshot> mine = new ArrayList<>();
            for (LiveSnapshot s : batch) {
                if (scopes.contains(s.scope())) {
                    mine.add(s);
                }
            }
            if (!mine.isEmpty()) {
                if (client.terminated()) {
                    clients.remove(client);
                    return;
                }
                client.sendEvent("snapshots", mine);
                sent.addAndGet(mine.size());
            }
        });
    }
}
