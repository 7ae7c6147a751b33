package cn.fazhi.pulse.report.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The office's own words for parts three to five, from a Markdown file with one heading per part
 * (the heading names the part: 三 / 第一责任人, 四 / 安排, 五 / 其他). Never invented: a part the
 * file does not give is a placeholder in the report.
 */
public record Narrative(Map<Integer, List<String>> paragraphsByPart) {
    public static final Narrative NONE = new Narrative(Map.of());

    public static Narrative fromMarkdown(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static Narrative parse(List<String> lines) {
        Map<Integer, List<String>> parts = new HashMap<>();
        Integer current = null;
        for (String line : lines) {
            String text = line.strip();
            if (text.startsWith("#")) {
                current = partOf(text);
            } else if (!text.isEmpty() && current != null) {
                parts.computeIfAbsent(current, k -> new ArrayList<>()).add(text);
            }
        }
        return new Narrative(parts);
    }

    public List<String> part(int number) {
        return paragraphsByPart.getOrDefault(number, List.of());
    }

    private static Integer partOf(String heading) {
        if (heading.contains("三") || heading.contains("第一责任人")) {
            return 3;
        }
        if (heading.contains("四") || heading.contains("安排")) {
            return 4;
        }
        if (heading.contains("五") || heading.contains("其他")) {
            return 5;
        }
        return null;
    }
}
