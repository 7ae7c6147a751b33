package cn.fazhi.pulse.report.phrasing;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sentence template of the phrasebook. {@code {name}} is replaced by what the resolver gives
 * for it; {@code [ … ]} is a clause dropped when every placeholder in it resolves to nothing
 * (absent, or a zero figure); a sentence left empty but for its punctuation renders as "".
 */
public final class Template {
    private static final Pattern OPTIONAL = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    /** What a placeholder renders as: the text, or null if absent; {@code zero} makes a clause droppable. */
    public record Value(String text, boolean zero) {
        public static Value of(String text) {
            return new Value(text, false);
        }
    }

    private final String key;
    private final String text;

    Template(String key, String text) {
        this.key = key;
        this.text = text;
    }

    public String key() {
        return key;
    }

    public String render(Function<String, Value> resolver) {
        Matcher optional = OPTIONAL.matcher(text);
        StringBuilder withClauses = new StringBuilder();
        while (optional.find()) {
            String clause = optional.group(1);
            optional.appendReplacement(withClauses, Matcher.quoteReplacement(keepsClause(clause, resolver) ? clause : ""));
        }
        optional.appendTail(withClauses);
        Matcher placeholder = PLACEHOLDER.matcher(withClauses);
        StringBuilder rendered = new StringBuilder();
        while (placeholder.find()) {
            Value value = resolver.apply(placeholder.group(1));
            placeholder.appendReplacement(rendered, Matcher.quoteReplacement(value == null ? "" : value.text()));
        }
        placeholder.appendTail(rendered);
        String sentence = rendered.toString().replaceFirst("^，", "");
        return sentence.replaceAll("[，。、\\s]", "").isEmpty() ? "" : sentence;
    }

    private static boolean keepsClause(String clause, Function<String, Value> resolver) {
        Matcher placeholder = PLACEHOLDER.matcher(clause);
        boolean any = false;
        while (placeholder.find()) {
            any = true;
            Value value = resolver.apply(placeholder.group(1));
            if (value != null && !value.zero() && !value.text().isEmpty() && !placeholder.group(1).startsWith("yoy:")) {
                return true;
            }
        }
        return !any;
    }
}
