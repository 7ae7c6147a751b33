package cn.fazhi.pulse.report.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The annual report as text and tables, ready for any format (.md, .docx).
 *
 * @param ranking the towns of a district ranked on the headline rates; null in a town's report
 */
public record ReportModel(String title, String intro, List<Part> parts, Appendix appendix, Chart chart,
                          String signature, String date, Ranking ranking) {

    public ReportModel withRanking(Ranking towns) {
        return new ReportModel(title, intro, parts, appendix, chart, signature, date, towns);
    }

    /** The same report, its appendix ending with one more sentence (where the evidence is). */
    public ReportModel withAppendixNote(String note) {
        String cutoff = appendix.cutoff().isEmpty() ? note : appendix.cutoff() + note;
        return new ReportModel(title, intro, parts, new Appendix(appendix.title(), appendix.rows(), cutoff), chart, signature, date, ranking);
    }

    /** A part (一、…) with its subsections. */
    public record Part(String heading, List<Section> sections) {}

    /** A subsection (（一）…); a null heading for text directly under the part. */
    public record Section(String heading, List<String> paragraphs) {}

    public record Appendix(String title, List<Row> rows, String cutoff) {
        /** One indicator: its Chinese name, unit, this year, last year, change. */
        public record Row(String name, String unit, String thisYear, String lastYear, String change) {}

        /** The table as every format prints it: the header, then a line per indicator. */
        public List<List<String>> table() {
            List<List<String>> table = new ArrayList<>();
            table.add(List.of("指标", "单位", "本年", "上年", "变化"));
            rows.forEach(r -> table.add(List.of(r.name(), r.unit(), r.thisYear(), r.lastYear(), r.change())));
            return table;
        }
    }

    /** The year by month: mediations accepted and succeeded, petitions received and closed. */
    public record Chart(String title, List<Month> months) {
        public record Month(int month, long mediationsAccepted, long mediationsSucceeded, long petitionsReceived, long petitionsClosed) {}

        public boolean isEmpty() {
            return months.stream().allMatch(m -> m.mediationsAccepted + m.mediationsSucceeded + m.petitionsReceived + m.petitionsClosed == 0);
        }
    }

    /**
     * A district's towns in order of their mean rank on the headline rates (1 = best); each cell a
     * town's figure with its rank among the towns that have it, e.g. 100%(1).
     */
    public record Ranking(String title, List<String> columns, List<Row> rows, String note) {
        /** A town's line; {@code place} is "—" for a town with none of the ranked rates. */
        public record Row(String place, String town, List<String> cells) {}

        /** The table as every format prints it: the header, then a line per town. */
        public List<List<String>> table() {
            List<List<String>> table = new ArrayList<>();
            table.add(line("名次", "镇街", columns));
            rows.forEach(r -> table.add(line(r.place(), r.town(), r.cells())));
            return table;
        }

        private static List<String> line(String first, String second, List<String> rest) {
            List<String> line = new ArrayList<>(List.of(first, second));
            line.addAll(rest);
            return line;
        }
    }
}
