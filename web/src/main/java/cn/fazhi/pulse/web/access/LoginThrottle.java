package cn.fazhi.pulse.web.access;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins counted per account and per address over a sliding window: past the limit,
 * every attempt is refused, the right password included, until the oldest failure leaves the
 * window. In memory, per instance: behind a load balancer each instance counts its own.
 */
public final class LoginThrottle {
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int perAccount, int perAddress, Duration window, Clock clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    /** Five failures per account and twenty per address in fifteen minutes. */
    public static LoginThrottle standard() {
        return new LoginThrottle(5, 20, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** Seconds until an attempt is allowed again; 0 when it is allowed now. */
    public long waitSeconds(String account, String address) {
        return Math.max(wait("account:" + account, perAccount), wait("address:" + address, perAddress));
    }

    public void failed(String account, String address) {
        record("account:" + account);
        record("address:" + address);
        if (failures.size() > 100_000) {
            prune(); // an attacker cycling names must not grow the map without bound
        }
    }

    /** A successful sign-in clears the account's failures, not the address's. */
    public void succeeded(String account) {
        failures.remove("account:" + account);
    }

    private long wait(String key, int limit) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            long now = clock.millis();
            long horizon = now - window.toMillis();
            while (!times.isEmpty() && times.peekFirst() <= horizon) {
                times.pollFirst();
            }
            if (times.size() < limit) {
                return 0;
            }
            return Math.max(1, (times.peekFirst() - horizon + 999) / 1000);
        }
    }

    private void record(String key) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.millis());
            while (times.size() > 1000) {
                times.pollFirst();
            }
        }
    }

    private void prune() {
        long horizon = clock.millis() - window.toMillis();
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().isEmpty() || e.getValue().peekLast() <= horizon;
            }
        });
    }
}
