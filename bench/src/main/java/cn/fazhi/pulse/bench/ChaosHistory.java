package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.producers.NewEvent;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events a failure run publishes: the simulator's history (duplicates, late reports) with, drawn
 * from the seed, corrections (an event sent again later under its id with {@code occurred_at}
 * three days earlier, which can move it to another month) and retractions (an
 * {@code EventRetracted} naming an event sent earlier). The same list for the quiet run and the
 * failing one.
 */
final class ChaosHistory {
    private static final double CORRECTED = 0.01;
    private static final double RETRACTED = 0.005;
    /** How many events later a correction or retraction follows the event it changes. */
    private static final int LATER = 200;

    private ChaosHistory() {}

    static List<SpecificRecord> of(HistorySimulator.Settings settings) {
        Random random = new Random(settings.seed() ^ 0x5EED);
        List<SpecificRecord> events = new ArrayList<>();
        List<List<SpecificRecord>> pending = new ArrayList<>();
        int index = 0;
        for (SimulatedEvent simulated : new HistorySimulator(settings)) {
            SpecificRecord event = simulated.event();
            events.add(event);
            if (!(event instanceof TownRegistered) && !(event instanceof EventRetracted)) {
                double draw = random.nextDouble();
                if (draw < CORRECTED) {
                    schedule(pending, index + LATER, corrected(event));
                } else if (draw < CORRECTED + RETRACTED) {
                    schedule(pending, index + LATER, retraction(event));
                }
            }
            if (index < pending.size()) {
                events.addAll(pending.get(index));
            }
            index++;
        }
        for (int i = index; i < pending.size(); i++) {
            events.addAll(pending.get(i));
        }
        return List.copyOf(events);
    }

    private static void schedule(List<List<SpecificRecord>> pending, int at, SpecificRecord event) {
        while (pending.size() <= at) {
            pending.add(new ArrayList<>());
        }
        pending.get(at).add(event);
    }

    private static SpecificRecord corrected(SpecificRecord event) {
        Schema schema = event.getSchema();
        // The generated class's own model, which knows its logical types (decimals, timestamps).
        SpecificRecord copy = SpecificData.getForSchema(schema).deepCopy(schema, event);
        int field = schema.getField("occurred_at").pos();
        copy.put(field, ((Instant) event.get(field)).minus(Duration.ofDays(3)));
        return copy;
    }

    private static SpecificRecord retraction(SpecificRecord event) {
        return NewEvent.eventRetracted(Events.townCode(event))
                .setEventId("chaos-retraction-of-" + Events.eventId(event))
                .setOccurredAt(Events.occurredAt(event))
                .setRetractedEventId(Events.eventId(event))
                .setRetractedType(event.getSchema().getName())
                .setEntityId(Events.entityId(event))
                .build();
    }
}
