package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CallFinished;
import io.purgatory.event.CallRejected;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.ConfigChanged;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.Recovered;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based test of one breaker: random sequences of calls, low-level trials held open across
 * steps, clock moves and forced states run against the real breaker and against {@link Model}, a
 * deliberately naive re-statement of SPEC §2, and after every step both must agree on the state,
 * the failure count, the snapshot, the statistics, whether the body ran, and the exact events.
 */
class CircuitBreakerModelTest {

    private static final long FREE_PERMIT = 1L << 61;

    private static final String NAME = "model";

    // ---- actions ---------------------------------------------------------------------------

    /** Which public entry point runs a guarded call; all must behave the same. */
    enum Api { CALL, GET, RUN, ASYNC, DECORATED }

    /** How a guarded body ends. */
    enum Outcome { SUCCESS, FAILURE, EXCLUDED }

    /** How a permit held across steps ends. */
    enum Finish { OK, KO, EXCLUDED, CANCEL }

    /** How far the clock moves; the deadline-relative kinds hit the strict ttl boundary exactly. */
    enum Step { TTL, TTL_PLUS_ONE_NANO, TO_DEADLINE, PAST_DEADLINE_BY_ONE_NANO, ONE_NANO, SMALL, LARGE }

    /**
     * How an asynchronous body ends: a stage failed directly; a synchronous throw (or, on success, no
     * stage at all); or a dependent stage, which the JDK fails with a {@link CompletionException} wrapper.
     */
    enum AsyncShape {
        FAILED_STAGE, THROWS_OR_NULL, DEPENDENT_STAGE;

        static AsyncShape of(int variant) {
            return values()[variant / 3 % 3];
        }
    }

    sealed interface Action permits GuardedCall, Advance, StartTrial, FinishTrial, Force, Reconfigure {
    }

    record GuardedCall(Api api, Outcome outcome, int variant) implements Action {
    }

    record Advance(Step step, long smallNanos) implements Action {
    }

    record StartTrial() implements Action {
    }

    record FinishTrial(int slot, Finish how, int variant) implements Action {
    }

    record Force(CircuitState target) implements Action {
    }

    /** New settings at runtime, through the factory; the exclude rules, back-off and trial timeout stay. */
    record Reconfigure(int threshold, Duration ttl, int halfOpenCalls, int halfOpenSuccessesOrDefault) implements Action {
    }

    // ---- the property ------------------------------------------------------------------------

    @Property(tries = 300)
    void breakerBehavesLikeTheReferenceModel(
            @ForAll @IntRange(min = 1, max = 5) int threshold,
            @ForAll("ttls") Duration ttl,
            @ForAll @IntRange(min = 1, max = 3) int halfOpenCalls,
            @ForAll @IntRange(min = 0, max = 3) int halfOpenSuccessesOrDefault,
            @ForAll boolean backoff,
            @ForAll("origins") long originNanos,
            @ForAll("actions") List<Action> actions) throws Exception {

        Model model = check(threshold, ttl, halfOpenCalls, halfOpenSuccessesOrDefault, backoff, originNanos, actions);

        // The generator must reach the interesting paths often enough for the comparison to mean something.
        for (TransitionCause cause : List.of(TransitionCause.OPEN_PERIOD_ELAPSED, TransitionCause.TRIAL_SUCCEEDED,
                TransitionCause.TRIAL_FAILED, TransitionCause.CONSECUTIVE_FAILURES)) {
            Statistics.label(cause.name()).collect(model.causes.contains(cause));
        }
        Statistics.label("stale permit outcome ignored").collect(model.lateTrialOutcomes > 0);
        Statistics.label("deadline hit exactly").collect(model.rejectedAtDeadline > 0);
        Statistics.label("reconfigured").collect(model.reconfigurations > 0);
        Statistics.label("reconfigured").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("OPEN_PERIOD_ELAPSED").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("TRIAL_SUCCEEDED").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("TRIAL_FAILED").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("stale permit outcome ignored").coverage(c -> c.check(true).percentage(p -> p > 3));
        Statistics.label("deadline hit exactly").coverage(c -> c.check(true).percentage(p -> p > 3));
    }

    /** Trials of a round that already closed must neither count, nor reset the count, nor emit anything. */
    @Example
    void staleOutcomesAfterTheirRoundEndedChangeNothing() throws Exception {
        Model model = check(2, Duration.ofMillis(1), 3, 1, false, 0L, List.of(
                new StartTrial(), // a normal permit, held while the circuit opens
                new GuardedCall(Api.CALL, Outcome.FAILURE, 0),
                new GuardedCall(Api.GET, Outcome.FAILURE, 1),
                new FinishTrial(0, Finish.KO, 0), // the normal permit fails while OPEN: ignored
                new Advance(Step.TO_DEADLINE, 1),
                new StartTrial(), // rejected exactly at the deadline
                new Advance(Step.ONE_NANO, 1),
                new StartTrial(), new StartTrial(), new StartTrial(), // three trials of one round
                new StartTrial(), // rejected: every slot taken
                new FinishTrial(0, Finish.OK, 0), // one success closes (halfOpenSuccesses 1)
                new GuardedCall(Api.RUN, Outcome.FAILURE, 0), // count 1
                new FinishTrial(0, Finish.OK, 0), // stale success: the count stays 1
                new FinishTrial(0, Finish.KO, 0), // stale failure: not counted
                new GuardedCall(Api.ASYNC, Outcome.FAILURE, 6))); // count 2: opens

        assertThat(model.state).isEqualTo(CircuitState.OPEN);
        assertThat(model.lateTrialOutcomes).isEqualTo(3);
        assertThat(model.rejectedAtDeadline).isEqualTo(1);
    }

    /** A forced HALF_OPEN starts a new round: the old round's trials neither decide nor free a slot. */
    @Example
    void aForcedHalfOpenRoundIgnoresTrialsOfTheNaturalRound() throws Exception {
        Model model = check(1, Duration.ofSeconds(30), 1, 0, true, Long.MAX_VALUE - 1_000L, List.of(
                new GuardedCall(Api.DECORATED, Outcome.FAILURE, 2),
                new Advance(Step.PAST_DEADLINE_BY_ONE_NANO, 1),
                new StartTrial(), // trial of the natural round
                new Force(CircuitState.HALF_OPEN),
                new StartTrial(), // trial of the forced round
                new StartTrial(), // rejected
                new FinishTrial(0, Finish.CANCEL, 0), // old trial released: no slot freed
                new StartTrial(), // still rejected
                new FinishTrial(0, Finish.KO, 0), // the forced round's trial fails: re-opens
                new Advance(Step.TTL_PLUS_ONE_NANO, 1),
                new GuardedCall(Api.CALL, Outcome.SUCCESS, 0), // still open
                new Advance(Step.PAST_DEADLINE_BY_ONE_NANO, 1),
                new GuardedCall(Api.ASYNC, Outcome.EXCLUDED, 7))); // an excluded trial closes

        assertThat(model.state).isEqualTo(CircuitState.CLOSED);
        // Forcing HALF_OPEN while HALF_OPEN starts a new round silently: same state, so no StateChanged.
        assertThat(model.causes).doesNotContain(TransitionCause.FORCED)
                .contains(TransitionCause.TRIAL_FAILED, TransitionCause.TRIAL_SUCCEEDED);
        assertThat(model.lateTrialOutcomes).isEqualTo(1);
        assertThat(model.counts[CallOutcome.REJECTED.ordinal()]).isEqualTo(3);
    }

    /** A call that starts when the monotonic clock reads exactly Long.MIN_VALUE (after a wrap-around) is timed like any other. */
    @Example
    void aCallStartingAtTheWrapAroundOfTheClockIsTimed() throws Exception {
        Model model = check(1, Duration.ofMinutes(10), 1, 0, true, Long.MAX_VALUE - Duration.ofMinutes(30).toNanos(), List.of(
                new GuardedCall(Api.CALL, Outcome.FAILURE, 0),
                new Advance(Step.TTL, 1), new Advance(Step.TTL, 1), new Advance(Step.TTL_PLUS_ONE_NANO, 1),
                new StartTrial(), // the clock reads Long.MIN_VALUE now
                new Advance(Step.TTL, 1),
                new FinishTrial(0, Finish.OK, 0)));

        assertThat(model.nanos[CallOutcome.SUCCESS.ordinal()]).isEqualTo(Duration.ofMinutes(10).toNanos());
    }

    /** Builds a breaker and the model with these settings, applies the actions, and compares after each step. */
    private Model check(int threshold, Duration ttl, int halfOpenCalls, int halfOpenSuccessesOrDefault,
            boolean backoff, long originNanos, List<Action> actions) throws Exception {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .threshold(threshold)
                .ttl(ttl)
                .halfOpenCalls(halfOpenCalls)
                // The first rule whose type matches decides, even when its predicate says no.
                .exclude(IllegalArgumentException.class, e -> "ignore".equals(e.getMessage()))
                .exclude(IllegalStateException.class)
                .exclude(RuntimeException.class, e -> "late".equals(e.getMessage()));
        int halfOpenSuccesses = effectiveHalfOpenSuccesses(halfOpenSuccessesOrDefault, halfOpenCalls);
        if (halfOpenSuccessesOrDefault != 0) {
            builder = builder.halfOpenSuccesses(halfOpenSuccesses);
        }
        double multiplier = backoff ? 2.0 : 1.0;
        Duration maxTtl = backoff ? ttl.multipliedBy(4) : ttl;
        if (backoff) {
            builder = builder.backoff(multiplier, maxTtl);
        }
        // Three open periods: a LARGE step outlives a trial, a TTL step does not.
        Duration halfOpenTimeout = ttl.multipliedBy(3);
        CircuitBreakerConfig config = builder.halfOpenTimeout(halfOpenTimeout).build();

        ManualTimeSource clock = new ManualTimeSource(originNanos, 1_700_000_000_000L);
        List<CircuitBreakerEvent> events = new ArrayList<>();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().recordCallDurations(true)
                .defaults(config)
                .timeSource(clock)
                .listener(RecordingListener.everyEvent(event -> events.add(RecordingListener.unnumbered(event))))
                .build();
        CircuitBreaker breaker = factory.getBreaker(NAME);
        Model model = new Model(threshold, ttl.toNanos(), halfOpenCalls, halfOpenSuccesses,
                multiplier, maxTtl.toNanos(), halfOpenTimeout.toNanos(), clock);

        assertThat(events).containsExactly(new BreakerCreated(NAME, config));
        events.clear();
        Runner runner = new Runner(factory, breaker, model, clock, events, backoff);
        runner.compare("after creation");
        for (int i = 0; i < actions.size(); i++) {
            runner.apply(actions.get(i), "step " + i + " " + actions.get(i) + " of " + actions);
        }
        assertThat(factory.getListenerFailures()).isZero();
        return model;
    }

    private static int effectiveHalfOpenSuccesses(int requested, int halfOpenCalls) {
        return requested == 0 ? halfOpenCalls : Math.min(requested, halfOpenCalls);
    }

    @Provide
    Arbitrary<Duration> ttls() {
        return Arbitraries.of(Duration.ofNanos(1), Duration.ofNanos(7), Duration.ofMillis(1),
                Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    @Provide
    Arbitrary<Long> origins() {
        // Monotonic time is only meaningful as a difference: the breaker must survive wrap-around.
        return Arbitraries.of(0L, 1_000_000_000L, -123_456_789L, Long.MAX_VALUE - 1_000L,
                Long.MAX_VALUE - Duration.ofMinutes(30).toNanos(), Long.MIN_VALUE + 5L);
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        // Failures dominate so that thresholds are reached and half-open rounds happen often.
        Arbitrary<Outcome> outcomes = Arbitraries.frequency(
                Tuple.of(5, Outcome.FAILURE), Tuple.of(3, Outcome.SUCCESS), Tuple.of(2, Outcome.EXCLUDED));
        Arbitrary<Action> call = Combinators.combine(Arbitraries.of(Api.class), outcomes,
                Arbitraries.integers().between(0, 8)).as(GuardedCall::new);
        Arbitrary<Action> advance = Combinators.combine(Arbitraries.of(Step.class),
                Arbitraries.longs().between(1, 2_000_000_000L)).as(Advance::new);
        Arbitrary<Action> start = Arbitraries.just(new StartTrial());
        Arbitrary<Action> finish = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.of(Finish.class), Arbitraries.integers().between(0, 5)).as(FinishTrial::new);
        Arbitrary<Action> force = Arbitraries.of(CircuitState.class).map(Force::new);
        Arbitrary<Action> reconfigure = Combinators.combine(Arbitraries.integers().between(1, 5), ttls(),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 3)).as(Reconfigure::new);
        return Arbitraries.frequencyOf(
                Tuple.of(30, call), Tuple.of(14, advance), Tuple.of(12, start),
                Tuple.of(12, finish), Tuple.of(6, force), Tuple.of(3, reconfigure))
                .list().ofMinSize(20).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
    }

    // ---- throwables --------------------------------------------------------------------------

    /** A counted failure: a plain runtime exception, a type whose first rule says no, or an Error. */
    static Throwable counted(int variant) {
        return switch (variant % 3) {
            case 0 -> new RuntimeException("boom");
            case 1 -> new IllegalArgumentException("late"); // a later rule would exclude it; the first decides
            default -> new AssertionError("fatal");
        };
    }

    /** An excluded exception, one per exclude rule. */
    static RuntimeException excluded(int variant) {
        return switch (variant % 3) {
            // The cause must not be what decides: only a JDK wrapper is unwrapped.
            case 0 -> new IllegalStateException("excluded by type", new RuntimeException("root cause"));
            case 1 -> new IllegalArgumentException("ignore");
            default -> new UnsupportedOperationException("late");
        };
    }

    static RuntimeException sneaky(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) t;
    }

    // ---- driving the real breaker ------------------------------------------------------------

    /** A permit held open across steps, in the real breaker and in the model. */
    record HeldPermit(long permit, long startNanos, Model.Permit model) {
    }

    /** Applies actions to the breaker and the model and compares them after each step. */
    static final class Runner {
        private final CircuitBreakerFactory factory;
        private final boolean backoff;
        private final CircuitBreaker breaker;
        private final Model model;
        private final ManualTimeSource clock;
        private final List<CircuitBreakerEvent> events;
        private final List<HeldPermit> held = new ArrayList<>();

        Runner(CircuitBreakerFactory factory, CircuitBreaker breaker, Model model, ManualTimeSource clock,
                List<CircuitBreakerEvent> events, boolean backoff) {
            this.factory = factory;
            this.backoff = backoff;
            this.breaker = breaker;
            this.model = model;
            this.clock = clock;
            this.events = events;
        }

        void apply(Action action, String description) throws Exception {
            events.clear();
            model.expected.clear();
            // Java 17: no pattern matching for switch yet.
            if (action instanceof GuardedCall call) {
                guardedCall(call, description);
            } else if (action instanceof Advance advance) {
                long nanos = model.advanceBy(advance);
                clock.advanceNanos(nanos);
                model.advanced(nanos);
            } else if (action instanceof StartTrial) {
                startTrial(description);
            } else if (action instanceof FinishTrial finish) {
                finishTrial(finish, description);
            } else if (action instanceof Force force) {
                breaker.transitionTo(force.target());
                model.force(force.target());
            } else if (action instanceof Reconfigure change) {
                reconfigure(change);
            }
            compare(description);
        }

        private void reconfigure(Reconfigure change) {
            int successes = effectiveHalfOpenSuccesses(change.halfOpenSuccessesOrDefault(), change.halfOpenCalls());
            Duration maxTtl = backoff ? change.ttl().multipliedBy(4) : change.ttl();
            CircuitBreakerConfig previous = breaker.getConfig();
            CircuitBreakerConfig next = previous.toBuilder().threshold(change.threshold()).ttl(change.ttl())
                    .halfOpenCalls(change.halfOpenCalls()).halfOpenSuccesses(successes)
                    .backoff(backoff ? 2.0 : 1.0, maxTtl).build();
            factory.reconfigure(NAME, next);
            model.reconfigure(previous, next, change.threshold(), change.ttl().toNanos(), change.halfOpenCalls(),
                    successes, maxTtl.toNanos());
        }

        private void startTrial(String description) {
            long permit = breaker.tryAcquirePermission();
            Model.Permit expected = model.acquire();
            assertThat(permit == CircuitBreaker.REJECTED).as("rejected at %s", description).isEqualTo(expected == null);
            if (expected != null) {
                // The in-memory store's permits: trials count up from 1; free calls carry bit 61 and their period.
                boolean trialPermit = permit > 0 && permit < FREE_PERMIT;
                assertThat(trialPermit).as("trial permit at %s", description).isEqualTo(expected.trial());
                assertThat(permit >= FREE_PERMIT).as("normal permit at %s", description).isEqualTo(!expected.trial());
                held.add(new HeldPermit(permit, breaker.callStart(), expected));
            }
        }

        private void finishTrial(FinishTrial finish, String description) {
            if (held.isEmpty()) {
                return;
            }
            HeldPermit permit = held.remove(finish.slot() % held.size());
            switch (finish.how()) {
                case OK -> {
                    breaker.onSuccess(permit.permit(), permit.startNanos());
                    model.succeeded(permit.model(), CallOutcome.SUCCESS);
                }
                case KO -> {
                    assertThat(breaker.onError(permit.permit(), permit.startNanos(), counted(finish.variant())))
                            .as("counted at %s", description).isTrue();
                    model.failed(permit.model());
                }
                case EXCLUDED -> {
                    assertThat(breaker.onError(permit.permit(), permit.startNanos(), excluded(finish.variant())))
                            .as("counted at %s", description).isFalse();
                    model.succeeded(permit.model(), CallOutcome.EXCLUDED);
                }
                case CANCEL -> {
                    breaker.releasePermission(permit.permit());
                    model.released(permit.model());
                }
            }
            if (finish.variant() % 3 == 2) {
                // A cancellation racing with the end it follows: the permit was reported already.
                breaker.releasePermission(permit.permit());
                model.released(permit.model());
            }
        }

        private void guardedCall(GuardedCall call, String description) throws Exception {
            CircuitState stateBefore = model.state;
            Instant openedAtBefore = model.openedAt();
            Object value = new Object();
            Throwable failure = switch (call.outcome()) {
                case SUCCESS -> null;
                case FAILURE -> counted(call.variant());
                case EXCLUDED -> excluded(call.variant());
            };
            boolean[] ran = new boolean[1];
            Object result = null;
            Throwable thrown = null;
            try {
                result = invoke(call, () -> {
                    ran[0] = true;
                    if (failure != null) {
                        throw sneaky(failure);
                    }
                    return value;
                }, failure);
            } catch (Throwable t) {
                thrown = t;
            }

            Model.Permit permit = model.acquire();
            assertThat(ran[0]).as("body ran at %s", description).isEqualTo(permit != null);
            if (permit == null) {
                assertThat(thrown).as("rejection at %s", description).isInstanceOf(CircuitOpenException.class)
                        .hasMessage("Circuit " + NAME + " is open");
                CircuitOpenException open = (CircuitOpenException) thrown;
                assertThat(open.getCircuitName()).isEqualTo(NAME);
                assertThat(open.getState()).as("rejecting state at %s", description).isEqualTo(stateBefore);
                assertThat(open.getOpenedAt()).as("opened at, at %s", description).isEqualTo(openedAtBefore);
                return;
            }
            if (failure == null) {
                assertThat(thrown).as("thrown at %s", description).isNull();
                boolean noResult = call.api() == Api.RUN
                        || call.api() == Api.ASYNC && AsyncShape.of(call.variant()) == AsyncShape.THROWS_OR_NULL;
                assertThat(result).as("result at %s", description).isSameAs(noResult ? null : value);
                model.succeeded(permit, CallOutcome.SUCCESS);
            } else {
                assertThat(thrown).as("thrown at %s", description).isSameAs(failure);
                if (call.outcome() == Outcome.FAILURE) {
                    model.failed(permit);
                } else {
                    model.succeeded(permit, CallOutcome.EXCLUDED);
                }
            }
        }

        /** Runs the body through the chosen entry point; returns its result or throws its exception. */
        private Object invoke(GuardedCall call, java.util.function.Supplier<Object> body, Throwable failure)
                throws Exception {
            return switch (call.api()) {
                case CALL -> breaker.call(body::get);
                case GET -> breaker.get(body);
                case RUN -> {
                    breaker.run(body::get);
                    yield null;
                }
                case DECORATED -> breaker.decorate((Integer ignored) -> body.get()).apply(call.variant());
                case ASYNC -> {
                    AsyncShape shape = AsyncShape.of(call.variant());
                    CompletionStage<Object> stage = breaker.executeAsync(() -> {
                        Object result;
                        try {
                            result = body.get();
                        } catch (RuntimeException | Error e) {
                            return switch (shape) {
                                case FAILED_STAGE -> CompletableFuture.failedFuture(e);
                                case THROWS_OR_NULL -> throw e;
                                case DEPENDENT_STAGE -> CompletableFuture.failedFuture(e).thenApply(x -> x);
                            };
                        }
                        return switch (shape) {
                            case FAILED_STAGE -> CompletableFuture.completedFuture(result);
                            case THROWS_OR_NULL -> null; // a body that returns no stage at all
                            case DEPENDENT_STAGE -> CompletableFuture.completedFuture(result).thenApply(x -> x);
                        };
                    });
                    if (stage == null) {
                        yield null;
                    }
                    CompletableFuture<Object> future = stage.toCompletableFuture();
                    assertThat(future).as("async outcome is known at once").isDone();
                    Object[] outcome = new Object[2];
                    future.whenComplete((r, t) -> {
                        outcome[0] = r;
                        outcome[1] = t;
                    });
                    if (outcome[1] != null) {
                        Throwable t = (Throwable) outcome[1];
                        throw sneaky(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
                    }
                    yield outcome[0];
                }
            };
        }

        void compare(String description) {
            assertThat(events).as("events of %s", description).containsExactlyElementsOf(model.expected);
            assertThat(breaker.getState()).as("state after %s", description).isEqualTo(model.state);
            assertThat(breaker.getConsecutiveFailures()).as("failures after %s", description)
                    .isEqualTo(model.consecutiveFailures());
            CircuitSnapshot snapshot = breaker.getSnapshot();
            assertThat(snapshot).as("snapshot after %s", description).isEqualTo(model.snapshot());
            CallStatistics statistics = breaker.getStatistics();
            for (CallOutcome outcome : CallOutcome.values()) {
                assertThat(statistics.count(outcome)).as("%s count after %s", outcome, description)
                        .isEqualTo(model.counts[outcome.ordinal()]);
                assertThat(statistics.totalNanos(outcome)).as("%s nanos after %s", outcome, description)
                        .isEqualTo(model.nanos[outcome.ordinal()]);
            }
        }
    }

    // ---- the reference model -----------------------------------------------------------------

    /**
     * SPEC §2 written as plainly as possible, without the implementation's states or permit numbers:
     * a consecutive count in CLOSED; OPEN until strictly more than the open period has elapsed; per
     * half-open round at most {@code halfOpenCalls} trials (a cancelled trial gives its slot back),
     * {@code halfOpenSuccesses} successes close, any counted trial failure re-opens now; outcomes of
     * trials of an earlier round, and of normal calls while not CLOSED, change nothing. A trial that
     * has not reported {@code halfOpenTimeout} after it started loses its slot and its outcome; a
     * permit reported twice counts once; a normal permit of an earlier closed period counts nothing.
     */
    static final class Model {
        /** What the model handed out: a normal permit, or a trial of one round; with its start time. */
        record Permit(boolean trial, int round, long startElapsed, int id, int period) {
        }

        // Not final: a Reconfigure action replaces them.
        int threshold;
        long ttl;
        int halfOpenCalls;
        int halfOpenSuccesses;
        final double multiplier;
        long maxTtl;
        final long halfOpenTimeout;
        final ManualTimeSource clock;
        /** Trials holding a slot in the current round: id to the elapsed time of their deadline. */
        final java.util.Map<Integer, Long> liveTrials = new java.util.HashMap<>();
        int nextId;
        int closedPeriod; // closed (or disabled) periods begun so far

        CircuitState state = CircuitState.CLOSED;
        int failures;
        long elapsed; // total nanos the clock moved
        long sinceOpened; // nanos since the current open period began
        long period; // length of the current open period
        int reopenings; // re-openings since the last close (back-off)
        long openedAtMillis;
        int round;
        int successes;
        long version;
        final long[] counts = new long[CallOutcome.values().length];
        final long[] nanos = new long[CallOutcome.values().length];
        final List<CircuitBreakerEvent> expected = new ArrayList<>();
        // Only for coverage statistics, never for deciding.
        final Set<TransitionCause> causes = EnumSet.noneOf(TransitionCause.class);
        int lateTrialOutcomes;
        int rejectedAtDeadline;
        int reconfigurations;

        Model(int threshold, long ttl, int halfOpenCalls, int halfOpenSuccesses, double multiplier, long maxTtl,
                long halfOpenTimeout, ManualTimeSource clock) {
            this.halfOpenTimeout = halfOpenTimeout;
            this.threshold = threshold;
            this.ttl = ttl;
            this.halfOpenCalls = halfOpenCalls;
            this.halfOpenSuccesses = halfOpenSuccesses;
            this.multiplier = multiplier;
            this.maxTtl = maxTtl;
            this.clock = clock;
        }

        long advanceBy(Advance advance) {
            long remaining = state == CircuitState.OPEN ? period - sinceOpened : ttl;
            return switch (advance.step()) {
                case TTL -> ttl;
                case TTL_PLUS_ONE_NANO -> ttl + 1;
                case TO_DEADLINE -> Math.max(remaining, 0);
                case PAST_DEADLINE_BY_ONE_NANO -> Math.max(remaining, 0) + 1;
                case ONE_NANO -> 1;
                case SMALL -> advance.smallNanos();
                case LARGE -> 10 * maxTtl;
            };
        }

        void advanced(long nanos) {
            elapsed += nanos;
            sinceOpened += nanos;
        }

        Permit acquire() {
            switch (state) {
                case CLOSED, DISABLED -> {
                    return new Permit(false, 0, elapsed, -1, closedPeriod);
                }
                case OPEN -> {
                    if (sinceOpened > period) { // strictly after the deadline
                        state = CircuitState.HALF_OPEN;
                        round++;
                        liveTrials.clear();
                        successes = 0;
                        changed(CircuitState.OPEN, CircuitState.HALF_OPEN, TransitionCause.OPEN_PERIOD_ELAPSED);
                        return newTrial();
                    }
                    if (sinceOpened == period) {
                        rejectedAtDeadline++;
                    }
                }
                case HALF_OPEN -> {
                    liveTrials.values().removeIf(deadline -> deadline <= elapsed);
                    if (liveTrials.size() + successes < halfOpenCalls) {
                        return newTrial();
                    }
                }
                case FORCED_OPEN -> {
                    // always rejected
                }
            }
            counts[CallOutcome.REJECTED.ordinal()]++;
            expected.add(new CallRejected(NAME, state));
            return null;
        }

        private Permit newTrial() {
            int id = nextId++;
            liveTrials.put(id, elapsed + halfOpenTimeout);
            return new Permit(true, round, elapsed, id, closedPeriod);
        }

        /** Trials still holding a slot now. */
        int inFlight() {
            return (int) liveTrials.values().stream().filter(deadline -> deadline > elapsed).count();
        }

        /** A call that ran ended well: the circuit decides, then the call's end is reported. */
        void succeeded(Permit permit, CallOutcome outcome) {
            long duration = record(permit, outcome);
            countStale(permit);
            decideSuccess(permit);
            expected.add(new CallFinished(NAME, outcome, duration));
        }

        private void decideSuccess(Permit permit) {
            if (!permit.trial()) {
                if (state == CircuitState.CLOSED && permit.period() == closedPeriod && failures > 0) {
                    expected.add(new Recovered(NAME));
                    failures = 0;
                }
                return;
            }
            if (isCurrentTrial(permit)) {
                liveTrials.remove(permit.id());
                successes++;
                expected.add(new Recovered(NAME));
                if (successes >= halfOpenSuccesses) {
                    state = CircuitState.CLOSED;
                    failures = 0;
                    reopenings = 0;
                    changed(CircuitState.HALF_OPEN, CircuitState.CLOSED, TransitionCause.TRIAL_SUCCEEDED);
                }
            }
        }

        void failed(Permit permit) {
            long duration = record(permit, CallOutcome.FAILURE);
            countStale(permit);
            decideFailure(permit);
            expected.add(new CallFinished(NAME, CallOutcome.FAILURE, duration));
        }

        private void decideFailure(Permit permit) {
            if (!permit.trial()) {
                if (state == CircuitState.CLOSED && permit.period() == closedPeriod) {
                    failures++;
                    expected.add(new FailureCounted(NAME, failures));
                    if (failures >= threshold) {
                        open(0, TransitionCause.CONSECUTIVE_FAILURES);
                    }
                }
                return;
            }
            if (isCurrentTrial(permit)) {
                liveTrials.remove(permit.id());
                open(reopenings + 1, TransitionCause.TRIAL_FAILED);
            }
        }

        void released(Permit permit) {
            countStale(permit);
            if (permit.trial() && isCurrentTrial(permit)) {
                liveTrials.remove(permit.id());
            }
        }

        /**
         * New settings: nothing of the state is lost; the new numbers decide from the next call (the count
         * against the new threshold, new openings with the new ttl, new trials against the new limits),
         * except a half-open round whose successes already reach the new requirement, which closes now.
         */
        void reconfigure(CircuitBreakerConfig previous, CircuitBreakerConfig next, int threshold, long ttl,
                int halfOpenCalls, int halfOpenSuccesses, long maxTtl) {
            if (previous.equals(next)) {
                return;
            }
            reconfigurations++;
            expected.add(new ConfigChanged(NAME, previous, next));
            this.threshold = threshold;
            this.ttl = ttl;
            this.halfOpenCalls = halfOpenCalls;
            this.halfOpenSuccesses = halfOpenSuccesses;
            this.maxTtl = maxTtl;
            if (state == CircuitState.HALF_OPEN && successes >= halfOpenSuccesses) {
                state = CircuitState.CLOSED;
                failures = 0;
                reopenings = 0;
                changed(CircuitState.HALF_OPEN, CircuitState.CLOSED, TransitionCause.TRIAL_SUCCEEDED);
            }
        }

        void force(CircuitState target) {
            CircuitState from = state;
            failures = 0;
            switch (target) {
                case CLOSED, DISABLED -> reopenings = 0;
                case OPEN -> {
                    reopenings = 0;
                    period = ttl;
                    sinceOpened = 0;
                    openedAtMillis = clock.currentTimeMillis();
                }
                case HALF_OPEN -> {
                    reopenings = 0;
                    round++;
                    liveTrials.clear();
                    successes = 0;
                    openedAtMillis = clock.currentTimeMillis();
                }
                case FORCED_OPEN -> openedAtMillis = clock.currentTimeMillis();
            }
            state = target;
            if (from != target) {
                changed(from, target, TransitionCause.FORCED);
            }
        }

        private void countStale(Permit permit) {
            boolean staleTrial = permit.trial() && !isCurrentTrial(permit);
            boolean staleNormal = !permit.trial() && (!state.permitsAllCalls() || permit.period() != closedPeriod);
            if (staleTrial || staleNormal) {
                lateTrialOutcomes++;
            }
        }

        private boolean isCurrentTrial(Permit permit) {
            Long deadline = liveTrials.get(permit.id());
            return state == CircuitState.HALF_OPEN && permit.round() == round && deadline != null && deadline > elapsed;
        }

        private void open(int reopened, TransitionCause cause) {
            CircuitState from = state;
            state = CircuitState.OPEN;
            failures = 0;
            reopenings = reopened;
            period = periodFor(reopened);
            sinceOpened = 0;
            openedAtMillis = clock.currentTimeMillis();
            changed(from, CircuitState.OPEN, cause);
        }

        private long periodFor(int reopened) {
            long p = ttl;
            for (int i = 0; i < reopened && multiplier > 1.0; i++) {
                p = Math.min(p * 2, maxTtl);
            }
            return p;
        }

        private long record(Permit permit, CallOutcome outcome) {
            long duration = elapsed - permit.startElapsed();
            counts[outcome.ordinal()]++;
            nanos[outcome.ordinal()] += duration;
            return duration;
        }

        private void changed(CircuitState from, CircuitState to, TransitionCause cause) {
            version++;
            if (to.permitsAllCalls()) {
                closedPeriod++;
            }
            causes.add(cause);
            expected.add(new StateChanged(NAME, from, to, cause));
        }

        int consecutiveFailures() {
            return state == CircuitState.CLOSED ? failures : 0;
        }

        Instant openedAt() {
            return switch (state) {
                case OPEN, HALF_OPEN, FORCED_OPEN -> Instant.ofEpochMilli(openedAtMillis);
                default -> null;
            };
        }

        CircuitSnapshot snapshot() {
            boolean opening = state == CircuitState.OPEN || state == CircuitState.HALF_OPEN;
            return new CircuitSnapshot(state, consecutiveFailures(), openedAt(),
                    state == CircuitState.OPEN ? Duration.ofNanos(period) : null,
                    state == CircuitState.HALF_OPEN ? inFlight() : 0,
                    opening ? reopenings : 0,
                    version, false);
        }
    }
}
