package cn.fazhi.pulse.web.access;

import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.store.access.Submission;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Who sent a request, as the server authenticated it: the account, the token or session it came
 * with, the channel and the source address of the connection (never a header or body field).
 */
public record Caller(Account account, long credentialId, Channel channel, String address) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Channel {
        TOKEN, SESSION;

        public String id() {
            return this == TOKEN ? "token" : "session";
        }
    }

    /** The {@code fazhi.submitter} header of an event this caller submitted. */
    public String submitterHeader(Instant at) {
        ObjectNode node = JSON.createObjectNode();
        node.put("account", account.name());
        node.put("account_id", account.id());
        node.put("role", account.role().id());
        node.put("credential_id", credentialId);
        node.put("channel", channel.id());
        node.put("address", address);
        node.put("submitted_at", at.toString());
        return node.toString();
    }

    public Submission submission(Instant at, String outcome, String townCode, String eventId, String eventType, String reason) {
        return new Submission(at, account.id(), account.name(), credentialId, channel.id(), address, outcome, townCode, eventId, eventType, reason);
    }
}
