package cn.fazhi.pulse.producers.simulate;

import cn.fazhi.pulse.events.*;
import cn.fazhi.pulse.schemas.ChinaTime;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Realistic histories of town rule-of-law work, for demos, load and benchmarks: every domain of the
 * catalog, lifecycles with plausible delays (mediations concluded within days to weeks, petitions
 * mostly within their deadlines, cases over months with appeals), seasonal variation, and a share
 * of duplicates and late reports. Deterministic for a seed.
 *
 * <p>Events come out in arrival order, month by month, so memory stays bounded by the events still
 * to arrive, whatever the length of the history.
 */
public final class HistorySimulator implements Iterable<SimulatedEvent> {

    /**
     * @param volume multiplies every town's yearly activity (1.0: a busy town, about 2,500 events a year)
     * @param duplicateShare share of events sent twice
     * @param lateShare share of events reported 31–120 days after they happened
     */
    public record Settings(int towns, int fromYear, int toYear, long seed, double volume, double duplicateShare, double lateShare) {
        public Settings {
            if (towns < 1 || fromYear > toYear || volume <= 0 || duplicateShare < 0 || lateShare < 0) {
                throw new IllegalArgumentException("invalid simulation settings: " + this);
            }
        }

        public static Settings of(int towns, int fromYear, int toYear, long seed) {
            return new Settings(towns, fromYear, toYear, seed, 1.0, 0.02, 0.05);
        }
    }

    private final Settings settings;
    private final List<SimulatedTown> towns;

    public HistorySimulator(Settings settings) {
        this.settings = settings;
        this.towns = TownList.first(settings.towns());
    }

    public List<SimulatedTown> towns() {
        return towns;
    }

    @Override
    public Iterator<SimulatedEvent> iterator() {
        return new Run();
    }

    /** One pass over the history: generates month by month, releases events as they arrive. */
    private final class Run implements Iterator<SimulatedEvent> {
        private final SplittableRandom random = new SplittableRandom(settings.seed());
        private final PriorityQueue<SimulatedEvent> pending = new PriorityQueue<>();
        private final Instant end = LocalDate.of(settings.toYear() + 1, 1, 1).atStartOfDay(ChinaTime.ZONE).toInstant();
        private YearMonth month = YearMonth.of(settings.fromYear(), 1);
        private long sequence;
        private long ids;

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() || pending.peek().arrivedAt().isAfter(monthEnd(month.minusMonths(1)))) {
                if (month.getYear() > settings.toYear()) {
                    return !pending.isEmpty();
                }
                generate(month);
                month = month.plusMonths(1);
            }
            return true;
        }

        @Override
        public SimulatedEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void generate(YearMonth m) {
            if (m.getMonthValue() == 1) {
                for (SimulatedTown town : towns) {
                    registerTown(town, m);
                }
            }
            for (SimulatedTown town : towns) {
                Town t = new Town(town, m);
                double season = 1 + 0.35 * Math.cos((m.getMonthValue() - 2) * Math.PI / 6); // busier around the Spring Festival
                repeat(8 * season, t::mediation);
                repeat(20 * season, t::petition);
                repeat(0.5, t::litigation);
                repeat(1.6, t::training);
                repeat(3, t::exam);
                repeat(5, t::publicity);
                repeat(4, t::opinion);
                repeat(9, t::consultation);
                repeat(120 * season, t::inspection);
                repeat(6, t::penalty);
                repeat(0.5, t::document);
                repeat(0.5, t::decision);
            }
        }

        private void registerTown(SimulatedTown town, YearMonth m) {
            Instant at = m.atDay(1).atStartOfDay(ChinaTime.ZONE).toInstant();
            emit(new TownRegistered(town.code() + "-reg-" + m.getYear(), town.code(), at, null, town.name(), town.district(),
                    town.city(), TownLevel.valueOf(town.level()), town.villages(), town.villages()));
            for (int v = 1; v <= town.villages(); v++) {
                boolean active = random.nextDouble() < 0.95;
                String village = town.code().substring(0, 9) + String.format("%03d", 200 + v);
                emit(new VillageAdvisorAssigned(town.code() + "-va-" + v + "-" + m.getYear(), town.code(), at.plus(Duration.ofDays(5)),
                        null, village, "adv-" + (v % 7), active));
            }
        }

        private void repeat(double mean, Runnable action) {
            int n = poisson(mean * settings.volume());
            for (int i = 0; i < n; i++) {
                action.run();
            }
        }

        private int poisson(double mean) {
            if (mean > 30) { // normal approximation, plenty for load
                return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
            }
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int n = 0;
            while (product > limit) {
                product *= random.nextDouble();
                n++;
            }
            return n;
        }

        private double gaussian() {
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }

        private <E> E pick(E[] values) {
            return values[random.nextInt(values.length)];
        }

        /** Queues an event with its arrival time: usually within days, sometimes late, sometimes twice. */
        private void emit(SpecificRecord event) {
            Instant occurred = (Instant) event.get(event.getSchema().getField("occurred_at").pos());
            if (!occurred.isBefore(end)) {
                return; // beyond the simulated history
            }
            boolean late = random.nextDouble() < settings.lateShare();
            Duration delay = late ? Duration.ofDays(31 + random.nextInt(90)) : Duration.ofMinutes(random.nextInt(3 * 24 * 60));
            pending.add(new SimulatedEvent(event, occurred.plus(delay), sequence++));
            if (random.nextDouble() < settings.duplicateShare()) {
                pending.add(new SimulatedEvent(event, occurred.plus(delay).plus(Duration.ofMinutes(1 + random.nextInt(600))), sequence++));
            }
        }

        private Instant monthEnd(YearMonth m) {
            return m.plusMonths(1).atDay(1).atStartOfDay(ChinaTime.ZONE).toInstant();
        }

        /** One town in one month: each method creates one entity and its lifecycle. */
        private final class Town {
            private final SimulatedTown town;
            private final YearMonth month;

            Town(SimulatedTown town, YearMonth month) {
                this.town = town;
                this.month = month;
            }

            private Instant someTime() {
                LocalDate day = month.atDay(1 + random.nextInt(month.lengthOfMonth()));
                return day.atTime(8 + random.nextInt(10), random.nextInt(60)).atZone(ChinaTime.ZONE).toInstant();
            }

            private String id(String kind) {
                return town.code().substring(6, 9) + "-" + kind + "-" + (ids++);
            }

            private String code() {
                return town.code();
            }

            void mediation() {
                String id = id("m");
                Instant accepted = someTime();
                emit(new MediationAccepted(id + "-a", code(), accepted, null, id, pick(DisputeType.values()), null));
                double r = random.nextDouble();
                MediationOutcome outcome = r < 0.93 ? MediationOutcome.SUCCESS : r < 0.98 ? MediationOutcome.FAILED : MediationOutcome.WITHDRAWN;
                AgreementForm form = outcome == MediationOutcome.SUCCESS ? (random.nextBoolean() ? AgreementForm.WRITTEN : AgreementForm.ORAL) : null;
                emit(new MediationConcluded(id + "-c", code(), accepted.plus(Duration.ofDays(2 + random.nextInt(30))), null, id,
                        outcome, form, random.nextDouble() < 0.003));
            }

            void petition() {
                String id = id("p");
                Instant received = someTime();
                double c = random.nextDouble();
                PetitionCategory category = c < 0.85 ? PetitionCategory.INITIAL : c < 0.95 ? PetitionCategory.REPEAT : PetitionCategory.BACKLOG;
                emit(new PetitionReceived(id + "-r", code(), received, null, id, category, pick(PetitionChannel.values())));
                Instant accepted = received.plus(Duration.ofDays(random.nextDouble() < 0.95 ? 1 + random.nextInt(14) : 16 + random.nextInt(10)));
                emit(new PetitionAccepted(id + "-a", code(), accepted, null, id));
                Instant closed = accepted.plus(Duration.ofDays(random.nextDouble() < 0.94 ? 5 + random.nextInt(55) : 61 + random.nextInt(40)));
                double s = random.nextDouble();
                Satisfaction satisfaction = s < 0.9 ? Satisfaction.SATISFIED : s < 0.95 ? Satisfaction.UNSATISFIED : Satisfaction.NO_RESPONSE;
                emit(new PetitionClosed(id + "-c", code(), closed, null, id, random.nextDouble() < 0.95, satisfaction));
            }

            void litigation() {
                String id = id("c");
                Instant filed = someTime();
                double k = random.nextDouble();
                CaseKind kind = k < 0.5 ? CaseKind.ADMINISTRATIVE_LITIGATION : k < 0.8 ? CaseKind.CIVIL : CaseKind.ADMINISTRATIVE_RECONSIDERATION;
                emit(new CaseFiled(id + "-f", code(), filed, null, id, kind));
                Instant at = filed;
                int hearings = kind == CaseKind.ADMINISTRATIVE_RECONSIDERATION ? 0 : 1 + random.nextInt(3);
                for (int h = 1; h <= hearings; h++) {
                    at = at.plus(Duration.ofDays(20 + random.nextInt(60)));
                    emit(new CaseHearingHeld(id + "-h" + h, code(), at, null, id, random.nextDouble() < 0.9));
                }
                at = at.plus(Duration.ofDays(15 + random.nextInt(60)));
                CaseOutcome first = switch (kind) {
                    case CIVIL -> pick(new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.WON, CaseOutcome.MEDIATED, CaseOutcome.LOST, CaseOutcome.WITHDRAWN});
                    case ADMINISTRATIVE_LITIGATION -> pick(new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.WON, CaseOutcome.WON, CaseOutcome.LOST, CaseOutcome.WITHDRAWN});
                    case ADMINISTRATIVE_RECONSIDERATION -> pick(new CaseOutcome[] {CaseOutcome.UPHELD, CaseOutcome.UPHELD, CaseOutcome.CORRECTED, CaseOutcome.TERMINATED});
                };
                emit(new CaseJudged(id + "-j1", code(), at, null, id, Instance.FIRST, first));
                if (kind == CaseKind.ADMINISTRATIVE_LITIGATION && random.nextDouble() < 0.35) {
                    at = at.plus(Duration.ofDays(10 + random.nextInt(20)));
                    emit(new CaseAppealed(id + "-ap", code(), at, null, id));
                    at = at.plus(Duration.ofDays(90 + random.nextInt(200)));
                    emit(new CaseJudged(id + "-j2", code(), at, null, id, Instance.SECOND,
                            pick(new CaseOutcome[] {CaseOutcome.WON, CaseOutcome.WON, CaseOutcome.LOST, CaseOutcome.REMANDED})));
                }
            }

            void training() {
                int invited = 10 + random.nextInt(60);
                int attended = invited - (random.nextDouble() < 0.7 ? 0 : random.nextInt(1 + invited / 10));
                String id = id("s");
                emit(new TrainingSessionHeld(id, code(), someTime(), null, id, pick(TrainingKind.values()),
                        BigDecimal.valueOf(2 + random.nextInt(12), 1).setScale(2), invited, attended, null));
            }

            void exam() {
                String id = id("e");
                int score = Math.min(100, 55 + random.nextInt(46));
                emit(new ExamCompleted(id, code(), someTime(), null, id, "p" + random.nextInt(1000),
                        BigDecimal.valueOf(score * 10L + (random.nextBoolean() ? 5 : 0), 1).min(BigDecimal.valueOf(100)).setScale(2)));
            }

            void publicity() {
                String id = id("a");
                emit(new PublicityActivityHeld(id, code(), someTime(), null, id, pick(ActivityKind.values()),
                        50 + random.nextInt(300), random.nextInt(40), 20 + random.nextInt(300)));
            }

            void opinion() {
                String id = id("o");
                emit(new LegalOpinionIssued(id, code(), someTime(), null, id, pick(OpinionSubject.values())));
            }

            void consultation() {
                String id = id("lc");
                emit(new LegalConsultationGiven(id, code(), someTime(), null, id, 1 + random.nextInt(3)));
            }

            void inspection() {
                String id = id("i");
                emit(new InspectionConducted(id, code(), someTime(), null, id, pick(InspectionDomain.values())));
            }

            void penalty() {
                String id = id("pn");
                emit(new PenaltyImposed(id, code(), someTime(), null, id, pick(PenaltyCategory.values()),
                        BigDecimal.valueOf(50L * (1 + random.nextInt(20))).setScale(2)));
            }

            void document() {
                String id = id("d");
                emit(new NormativeDocumentReviewed(id, code(), someTime(), null, id, 3 + random.nextInt(12), random.nextDouble() < 0.97));
            }

            void decision() {
                String id = id("md");
                emit(new MajorDecisionMade(id, code(), someTime(), null, id, random.nextDouble() < 0.95, random.nextBoolean(),
                        random.nextDouble() < 0.8, true, 7 + random.nextInt(30)));
            }
        }
    }
}
