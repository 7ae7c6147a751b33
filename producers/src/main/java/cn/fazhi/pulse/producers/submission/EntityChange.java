package cn.fazhi.pulse.producers.submission;

import java.util.List;

/**
 * How one entity of a ledger differs from what earlier submissions said.
 *
 * @param place the row a clerk finds it on (in this ledger; for a deleted one, in the last ledger that had it)
 * @param details what changed, one line per step: {@code 结案 concluded: outcome SUCCESS → FAILED}
 */
public record EntityChange(Change change, EntityKey key, String place, List<String> details) {

    public enum Change {
        /** 新增: not submitted before. */
        ADDED("新增", "added"),
        /** 修改: a step added, edited or cleared. */
        CHANGED("修改", "changed"),
        /** 删除: submitted before, missing now, and withdrawn (with sync). */
        DELETED("删除", "deleted"),
        /** 不变: exactly as submitted before. */
        UNCHANGED("不变", "unchanged"),
        /** Submitted before and missing now, but kept: without sync nothing is withdrawn for a missing row. */
        NOT_LISTED("未列出（保留）", "not listed (kept)");

        private final String zh;
        private final String en;

        Change(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        public String zh() {
            return zh;
        }

        public String en() {
            return en;
        }
    }
}
