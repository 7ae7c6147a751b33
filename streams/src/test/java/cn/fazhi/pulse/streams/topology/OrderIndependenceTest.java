package cn.fazhi.pulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.Satisfaction;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same events, whatever the order they arrive in, however often, with mistakes corrected or
 * retracted along the way, give the same figures.
 */
@ParameterizedClass(name = "write-behind stores: {0}")
@ValueSource(booleans = {true, false})
class OrderIndependenceTest {
    private static final long SEED = 20201231L;

    @Parameter
    boolean writeBehindStores;

    @TempDir
    Path stateDir;

    @Test
    void shouldGiveIdenticalFiguresWhenTheSampleIsShuffledDuplicatedCorrectedAndPartlyRetracted() {
        List<SpecificRecord> sample = SeedFiguresTest.sample();
        Map<String, String> inOrder = figures(stateDir.resolve("in-order"), sample);
        Random random = new Random(SEED);

        List<SpecificRecord> messy = new ArrayList<>(sample);
        for (SpecificRecord event : sample) {
            if (random.nextInt(10) == 0) {
                messy.add(event); // about 10% duplicates
            }
        }
        Collections.shuffle(messy, random);
        List<SpecificRecord> withMistakes = new ArrayList<>();
        int corrected = 0;
        int retracted = 0;
        java.util.Set<SpecificRecord> sent = new java.util.HashSet<>();
        for (SpecificRecord event : messy) {
            SpecificRecord wrong = wrongVersionOf(event);
            // A mistake corrected by the right version, which must come after it: a mistake sent
            // between two sends of the right version would itself be a correction of the first.
            if (wrong != null && sent.add(event) && random.nextInt(5) == 0) {
                withMistakes.add(wrong);
                corrected++;
            }
            withMistakes.add(event);
            if (wrong != null && random.nextInt(7) == 0) {
                SpecificRecord bogus = bogusStepOf(wrong);
                withMistakes.add(random.nextInt(withMistakes.size()), retractionOf(bogus)); // the retraction may come first
                withMistakes.add(bogus);
                retracted++;
            }
        }

        Map<String, String> messyFigures = figures(stateDir.resolve("messy"), withMistakes);

        assertThat(corrected).as("corrections in the variant").isGreaterThan(20);
        assertThat(retracted).as("retractions in the variant").isGreaterThan(20);
        Map<String, String> differences = new TreeMap<>();
        for (String key : union(inOrder, messyFigures)) {
            if (!java.util.Objects.equals(inOrder.get(key), messyFigures.get(key))) {
                differences.put(key, inOrder.get(key) + " in order, " + messyFigures.get(key) + " shuffled");
            }
        }
        assertThat(differences).as("seed %d", SEED).isEmpty();
        assertThat(messyFigures).hasSameSizeAs(inOrder).isNotEmpty();
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Every figure published, absent and zero alike left out, so that only values are compared. */
    private Map<String, String> figures(Path stateDir, List<SpecificRecord> events) {
        try (TopologyHarness topology = new TopologyHarness(stateDir, SeedFiguresTest.LOADED, writeBehindStores)) {
            events.forEach(topology::send);
            topology.emit();
            Map<String, String> figures = new TreeMap<>();
            for (Map.Entry<String, IndicatorSnapshot> e : topology.latest().entrySet()) {
                IndicatorSnapshot s = e.getValue();
                boolean zero = s.getNumerator().signum() == 0 && (s.getDenominator() == null || s.getDenominator().signum() == 0);
                if (!zero) {
                    figures.put(e.getKey(), s.getNumerator().toPlainString() + "/" + s.getDenominator() + "=" + s.getValue());
                }
            }
            return figures;
        }
    }

    /** The same event with another outcome, as a clerk's mistake would be; null for other types. */
    private static SpecificRecord wrongVersionOf(SpecificRecord event) {
        if (event instanceof MediationConcluded c) {
            MediationConcluded wrong = MediationConcluded.newBuilder(c).build();
            wrong.setOutcome(c.getOutcome() == MediationOutcome.SUCCESS ? MediationOutcome.FAILED : MediationOutcome.SUCCESS);
            wrong.setAgreementForm(c.getAgreementForm() == null ? cn.fazhi.pulse.events.AgreementForm.ORAL : null);
            return wrong;
        }
        if (event instanceof PetitionClosed c) {
            PetitionClosed wrong = PetitionClosed.newBuilder(c).build();
            wrong.setSatisfaction(c.getSatisfaction() == Satisfaction.SATISFIED ? Satisfaction.UNSATISFIED : Satisfaction.SATISFIED);
            wrong.setResolved(!c.getResolved());
            return wrong;
        }
        return null;
    }

    /** A step published by mistake under its own event id, occurring later so it would stand. */
    private static SpecificRecord bogusStepOf(SpecificRecord wrong) {
        SpecificRecord bogus = SpecificData.get().deepCopy(wrong.getSchema(), wrong);
        bogus.put(bogus.getSchema().getField("event_id").pos(), Events.eventId(wrong) + "-bogus");
        bogus.put(bogus.getSchema().getField("occurred_at").pos(), Events.occurredAt(wrong).plusSeconds(3600));
        return bogus;
    }

    private static SpecificRecord retractionOf(SpecificRecord event) {
        return EventRetracted.newBuilder()
                .setEventId("retract-" + Events.eventId(event))
                .setTownCode(Events.townCode(event))
                .setOccurredAt(Events.occurredAt(event).plusSeconds(7200))
                .setRetractedEventId(Events.eventId(event))
                .setRetractedType(EventType.of(event).typeName())
                .setEntityId(Events.entityId(event))
                .build();
    }
}
