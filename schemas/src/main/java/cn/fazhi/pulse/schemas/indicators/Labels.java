package cn.fazhi.pulse.schemas.indicators;

import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.PenaltyCategory;
import cn.fazhi.pulse.events.TrainingKind;
import java.util.Map;

/** The Chinese words for the enum values that break indicators down, as the reports write them. */
public final class Labels {
    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("MARRIAGE_FAMILY", "婚姻家庭"), Map.entry("NEIGHBOR", "邻里"), Map.entry("HOUSING_LAND", "房屋宅基地"),
            Map.entry("CONTRACT", "合同"), Map.entry("BUSINESS", "生产经营"), Map.entry("DAMAGES", "损害赔偿"),
            Map.entry("LAND_FOREST", "山林土地"), Map.entry("LAND_REQUISITION", "征地拆迁"), Map.entry("ENVIRONMENT", "环境污染"),
            Map.entry("LABOR", "劳动争议"), Map.entry("CONSUMER", "消费"), Map.entry("MEDICAL", "医疗"),
            Map.entry("TRAFFIC", "道路交通事故"), Map.entry("PROPERTY_MANAGEMENT", "物业"), Map.entry("OTHER", "其他"),
            Map.entry("COLLECTIVE_STUDY", "集体学法"), Map.entry("LEADER_LECTURE", "领导干部讲法治课"),
            Map.entry("THEMATIC_LECTURE", "法治专题讲座培训"), Map.entry("ENFORCEMENT_TRAINING", "执法人员培训"),
            Map.entry("MEDIATOR_TRAINING", "人民调解员培训"), Map.entry("WARNING_EDUCATION", "警示教育"), Map.entry("SELF_STUDY", "自学"),
            Map.entry("CIVILIZED_BEHAVIOR", "文明行为"), Map.entry("CITY_APPEARANCE", "市容和环境卫生"),
            Map.entry("ILLEGAL_BURNING", "非法焚烧"), Map.entry("WORK_SAFETY", "安全生产"));
    private static final Map<String, String> PENALTY_ZH = Map.of("ENVIRONMENT", "生态环境", "OTHER", "其他");

    private Labels() {}

    public static String of(DisputeType type) {
        return ZH.get(type.name());
    }

    public static String of(TrainingKind kind) {
        return ZH.get(kind.name());
    }

    public static String of(PenaltyCategory category) {
        return PENALTY_ZH.getOrDefault(category.name(), ZH.get(category.name()));
    }
}
