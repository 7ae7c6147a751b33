package cn.fazhi.pulse.streams.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who submitted an event, as the evidence keeps it: the account id only. HTTP ingest writes the
 * {@code fazhi.submitter} header as a JSON object (account id, account name, role, credential…);
 * names stay out of the evidence topic and tables, so only {@code account_id} is taken from it.
 */
public final class Submitters {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\"account_id\"\\s*:\\s*(?:\"([^\"\\\\]{1,64})\"|(-?\\d{1,19}))");
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Submitters() {}

    /** The account id in a {@code fazhi.submitter} header; null when there is none or it cannot be read. */
    public static String accountId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.startsWith("{")) {
            Matcher m = ACCOUNT_ID.matcher(value);
            return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
        }
        return PLAIN_ID.matcher(value).matches() ? value : null;
    }
}
