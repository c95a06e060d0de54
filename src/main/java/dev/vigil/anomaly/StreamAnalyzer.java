package dev.vigil.anomaly;

import dev.vigil.track.TrackedPerson;
import dev.vigil.track.Tracker;
import dev.vigil.vision.BBox;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import dev.vigil.vision.PoseBackbone;
import dev.vigil.vision.PoseHeat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The anomaly stage of one stream: tracker, per-person history, behaviour detectors, the camera's normality model
 * and the debouncer. Feed it each analysed frame's people with the frame's stream timestamp; frames may come at
 * any irregular rate, since everything is measured in seconds.
 *
 * <p>Not thread-safe: one instance per stream, used by one thread at a time ({@link #updateZones} may come from
 * another thread).
 */
public final class StreamAnalyzer {
    /** Evidence is clamped to [e^-4.605, e^5] so scores stay in [-5, 4.605]. */
    private static final double MIN_EVIDENCE = 0.01;
    private static final double MAX_EVIDENCE = Math.exp(5);
    /** Being inside a restricted zone is a rule, not a measure: its evidence is fixed (score -1). */
    private static final double ZONE_EVIDENCE = Math.E;
    /** The violence classifier speaks through the mean of its last 3 windows (as tools/violence/train.py scores). */
    private static final int VIOLENCE_SMOOTHING = 3;
    private static final double VIOLENCE_RUN_GAP_SECONDS = 1.0;
    /**
     * The pose model's maps (the classifier's input, ~2 ms a frame to fetch) are fetched while the fight gate's
     * conditions held within MAPS_HOLD_SECONDS, so that on one-person and empty scenes they cost nothing; and during a
     * stream's first MAPS_WARMUP_SECONDS, since a scene seen for the first time may be a fight already and a window
     * takes 1.5 s to fill. Replayed on the training clips this keeps every window the classifier judged (the gate's
     * conditions hold through fights: tools/violence/README.md).
     */
    static final double MAPS_HOLD_SECONDS = 1.0;
    static final double MAPS_WARMUP_SECONDS = 2.0;

    private final AnomalyConfig config;
    private final Tracker tracker;
    private final NormalityModel normality;
    private final Debouncer debouncer;
    /** The person id of a verdict on the scene itself: a fight in which the tracker follows nobody. */
    public static final int SCENE_ID = 0;

    private final FightGate fight = new FightGate();
    private boolean fightGateOpen;
    private final HeatFeatures heat = new HeatFeatures();
    private final BoxFeatures boxes = new BoxFeatures();
    private final BackboneFeatures backbone = new BackboneFeatures();
    private final ViolenceModel violenceModel;
    /** The violence classifier's evidence this frame (0 when it did not run), and what it saw, for tracing. */
    private double sceneViolence;
    /**
     * The tracked person who carries the classifier's verdict in its current run ({@link #NOBODY}: none yet): one
     * person for the whole run, so that one fight gives one alert per cooldown, not one per person in view.
     */
    private int sceneCarrier = NOBODY;
    private static final int NOBODY = -1;
    /** The classifier's last few probabilities (stream time, p): it speaks through their mean, one window is noise. */
    private final java.util.ArrayDeque<double[]> violenceRun = new java.util.ArrayDeque<>();
    private String violenceTrace = "";
    private boolean tracing;
    /** Stream time of the first frame, and of the last on which the fight gate's conditions held (see wantsMaps). */
    private long firstT = Long.MIN_VALUE;
    private long lastInterestT = Long.MIN_VALUE;
    private final Map<Integer, PersonHistory> histories = new HashMap<>();
    private final Map<Integer, Map<Behaviour, Double>> lastEvidence = new HashMap<>();
    private volatile List<Zone> zones;
    private int frameWidth;
    private int frameHeight;
    private long lastPts = Long.MIN_VALUE;

    public StreamAnalyzer(AnomalyConfig config, List<Zone> zones, int frameWidth, int frameHeight) {
        this(config, zones, frameWidth, frameHeight, null);
    }

    /**
     * With the violence classifier ({@code violenceModel} may be null: then only the wrist-speed rule judges
     * violence). The model is shared and not closed here.
     */
    public StreamAnalyzer(AnomalyConfig config, List<Zone> zones, int frameWidth, int frameHeight,
                          ViolenceModel violenceModel) {
        this.violenceModel = violenceModel;
        this.config = config;
        this.zones = List.copyOf(zones);
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        this.tracker = new Tracker(config.tracker());
        this.normality = config.normality().enabled() ? new NormalityModel(config.normality(), 42) : null;
        this.debouncer = new Debouncer(config.cooldownSeconds());
    }

    public void updateZones(List<Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    /** As {@link #analyze(List, long)}, for a stream whose resolution changed (zones are normalized, so they follow). */
    public Analysis analyze(List<Person> people, long ptsNanos, int frameWidth, int frameHeight) {
        return analyze(people, ptsNanos, frameWidth, frameHeight, null);
    }

    /** As {@link #analyze(List, long, int, int)} with the frame's brightness grid, which the violence gate reads. */
    public Analysis analyze(List<Person> people, long ptsNanos, int frameWidth, int frameHeight, LumaGrid grid) {
        return analyze(people, ptsNanos, frameWidth, frameHeight, grid, null);
    }

    /**
     * As {@link #analyze(List, long, int, int, LumaGrid)} with the pose model's heatmaps of the frame, which the
     * violence classifier reads (null: no classifier input this frame).
     */
    public Analysis analyze(List<Person> people, long ptsNanos, int frameWidth, int frameHeight, LumaGrid grid,
                            PoseHeat poseHeat) {
        return analyze(people, ptsNanos, frameWidth, frameHeight, grid, poseHeat, null, null);
    }

    /**
     * As {@link #analyze(List, long, int, int, LumaGrid, PoseHeat)} with the pose model's backbone map of the frame
     * and the person detector's boxes (frame pixels) when it looked at this frame (each null when absent), which the
     * violence classifier reads too.
     */
    public Analysis analyze(List<Person> people, long ptsNanos, int frameWidth, int frameHeight, LumaGrid grid,
                            PoseHeat poseHeat, PoseBackbone poseBackbone, List<BBox> detected) {
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        return analyze(people, ptsNanos, grid, poseHeat, poseBackbone, detected);
    }

    public Analysis analyze(List<Person> people, long ptsNanos) {
        return analyze(people, ptsNanos, null, null, null, null);
    }

    private Analysis analyze(List<Person> people, long ptsNanos, LumaGrid grid, PoseHeat poseHeat,
                             PoseBackbone poseBackbone, List<BBox> detected) {
        // Timestamps must increase for rates to mean anything; a stream that jumps back is treated as moving on.
        long t = ptsNanos > lastPts ? ptsNanos : lastPts + 1_000_000;
        lastPts = t;

        List<TrackedPerson> tracked = tracker.update(people, t);
        Set<Integer> live = tracker.liveIds();
        histories.keySet().retainAll(live);
        lastEvidence.keySet().retainAll(live);
        debouncer.retain(live);

        for (TrackedPerson p : tracked) {
            PersonHistory h = histories.computeIfAbsent(p.personId(), id -> new PersonHistory(config, p.firstSeenNanos()));
            h.add(PoseSample.of(p.person(), t, config.keypointMinScore()));
        }
        judgeScene(tracked, people.size(), grid, poseHeat, poseBackbone, detected, t);
        int carrier = sceneViolence > 0 ? sceneCarrier(tracked, t) : NOBODY;

        List<Verdict> verdicts = new ArrayList<>();
        List<Verdict> alerts = new ArrayList<>();
        for (TrackedPerson p : tracked) {
            PersonHistory h = histories.get(p.personId());
            Map<Behaviour, Double> evidence = evidence(p, h, tracked, t, p.personId() == carrier);
            lastEvidence.put(p.personId(), evidence);
            List<Behaviour> fired = new ArrayList<>();
            double strongest = MIN_EVIDENCE;
            for (Map.Entry<Behaviour, Double> e : evidence.entrySet()) {
                double value = Double.isNaN(e.getValue()) ? 0 : e.getValue(); // never let a NaN reach the score
                strongest = Math.max(strongest, value);
                if (value > 1) {
                    fired.add(e.getKey());
                }
            }
            Verdict v = verdict(p, h, strongest, fired);
            verdicts.add(v);
            if (v.isAbnormal() && debouncer.due(p.personId(), fired, t)) {
                alerts.add(v);
            }
        }
        if (carrier == NOBODY && sceneViolence > 1) {
            // Nobody to carry the verdict (the people are too blurred or tangled to track, or all down): the scene does.
            Verdict scene = sceneVerdict(sceneViolence, fight.activity(), frameWidth, frameHeight);
            verdicts.add(scene);
            if (debouncer.due(SCENE_ID, List.of(Behaviour.VIOLENCE), t)) {
                alerts.add(scene);
            }
        }
        return new Analysis(tracked, verdicts, alerts);
    }

    /**
     * Each detector's evidence (1.0 = its threshold) for a person in the last analysed frame, by behaviour wire name;
     * empty for a person not seen. For tracing and tuning.
     */
    public Map<String, Double> evidence(int personId) {
        Map<String, Double> named = new LinkedHashMap<>();
        lastEvidence.getOrDefault(personId, Map.of()).forEach((b, v) -> named.put(b.wireName(), v));
        return named;
    }

    /** Makes {@link #violenceTrace} say what the violence stage saw on every frame (costs: off in the server). */
    public void traceViolence(boolean on) {
        this.tracing = on;
        if (!on) {
            violenceTrace = "";
        }
    }

    /**
     * What the violence classifier saw on the last analysed frame (with {@link #traceViolence} on, else empty):
     * {@code gate=} (whether it could matter),
     * {@code p=} its probability (absent when it did not run), {@code evidence=} and the window's features; for
     * tracing and for tools/violence/train.py, which learns from these lines.
     */
    public String violenceTrace() {
        return violenceTrace;
    }

    /** Ids handed out so far in this stream. */
    public int idsIssued() {
        return tracker.idsIssued();
    }

    /** Person-frames the normality model has learned from (it speaks once this passes the warm-up). */
    public long normalitySamples() {
        return normality == null ? 0 : normality.samples();
    }

    /**
     * Who carries the classifier's verdict: the run's carrier while they are tracked and on their feet, else the person
     * on their feet nearest to where the scene moves most (the tallest when nothing moved); NOBODY when all are down.
     */
    private int sceneCarrier(List<TrackedPerson> tracked, long t) {
        TrackedPerson best = null;
        double bestDistance = Double.MAX_VALUE;
        BBox activity = fight.activity();
        for (TrackedPerson p : tracked) {
            if (histories.get(p.personId()).downSeconds(t) > 0) {
                continue;
            }
            if (p.personId() == sceneCarrier) {
                return sceneCarrier;
            }
            BBox b = p.person().bbox();
            double distance = activity == null ? -b.h()
                    : Math.hypot(b.centerX() - activity.centerX(), b.centerY() - activity.centerY());
            if (distance < bestDistance) {
                best = p;
                bestDistance = distance;
            }
        }
        sceneCarrier = best == null ? NOBODY : best.personId();
        return sceneCarrier;
    }

    private Map<Behaviour, Double> evidence(TrackedPerson p, PersonHistory h, List<TrackedPerson> everyone, long t,
                                            boolean carriesScene) {
        Map<Behaviour, Double> ev = new EnumMap<>(Behaviour.class);
        ev.put(Behaviour.FALL, h.fallEvidence());
        ev.put(Behaviour.LYING, h.downSeconds(t) / config.lyingSeconds());

        double speed = h.isDown(h.latest()) ? Double.NaN : h.hipSpeed(config.runningSustainSeconds());
        ev.put(Behaviour.RUNNING, Double.isNaN(speed) ? 0 : speed / config.runningSpeed());

        double limbThreshold = config.violenceLimbSpeed() * (someoneWithinReach(p, h, everyone) ? 1 : config.violenceAloneFactor());
        // Arms flail when someone falls; a fight is judged on people on their feet.
        double wrists = h.downSeconds(t) > 0 ? Double.NaN
                : h.wristSpeed(config.violenceWindowSeconds(), 3 * config.violenceLimbSpeed());
        double rule = Double.isNaN(wrists) ? 0 : wrists / limbThreshold;
        ev.put(Behaviour.VIOLENCE, h.downSeconds(t) > 0 || !carriesScene ? rule : Math.max(rule, sceneViolence));

        if (config.loiteringSeconds() > 0) {
            ev.put(Behaviour.LOITERING, (t - h.firstSeenNanos) / 1e9 / config.loiteringSeconds());
        }

        List<Zone> currentZones = zones;
        if (!currentZones.isEmpty() && frameWidth > 0 && frameHeight > 0) {
            PoseSample s = h.latest();
            double fx = s.footX() / frameWidth;
            double fy = s.footY() / frameHeight;
            boolean inside = currentZones.stream().anyMatch(z -> Zone.RESTRICTED.equals(z.kind()) && z.contains(fx, fy));
            double seconds = h.zoneSeconds(inside, t);
            ev.put(Behaviour.ZONE_INTRUSION, inside && seconds >= config.zoneMinSeconds() ? ZONE_EVIDENCE : 0);
        }

        if (normality != null) {
            double[] features = NormalityModel.features(p.person(), h, frameWidth, frameHeight, config.keypointMinScore());
            double ratio = normality.learnAndScore(features);
            ev.put(Behaviour.UNUSUAL_POSE, h.sustainedNormality(ratio, t, config.normality().sustainSeconds()));
        }
        return ev;
    }

    /**
     * Whether the pose pass of a frame at stream time {@code ptsNanos} should hand over its heatmaps and backbone map:
     * with a classifier (or tracing), during a stream's first {@link #MAPS_WARMUP_SECONDS} and while the fight gate's
     * conditions (two people within reach, motion nobody explains, two people or centres found) held within the
     * last {@link #MAPS_HOLD_SECONDS}. The windows restart after frames without maps ({@link HeatFeatures#MAX_STEP_SECONDS}).
     */
    public boolean wantsMaps(long ptsNanos) {
        if (violenceModel == null && !tracing) {
            return false;
        }
        return firstT == Long.MIN_VALUE || ptsNanos - firstT < (long) (MAPS_WARMUP_SECONDS * 1e9)
                || lastInterestT != Long.MIN_VALUE && ptsNanos - lastInterestT <= (long) (MAPS_HOLD_SECONDS * 1e9);
    }

    /**
     * Whether the last frame opened the fight gate (the classifier ran or would have): the next frame is worth the
     * person detector's closer look ({@code dev.vigil.vision.TopDownLook}).
     */
    public boolean fightGateOpen() {
        return fightGateOpen;
    }

    /**
     * The violence classifier is a judgement of the scene (who hits whom is not something it knows); its evidence
     * goes to one person on their feet, the one nearest where the scene moves most, kept for the classifier's run
     * ({@link #sceneCarrier}), or to the scene when nobody on their feet is tracked. It runs only when it can matter: two
     * people within reach, motion nobody's box explains ({@link FightGate#gate}), two people found, or two
     * person centres in the pose model's heat. On empty scenes and one-person scenes it costs the bookkeeping only.
     */
    private void judgeScene(List<TrackedPerson> tracked, int found, LumaGrid grid, PoseHeat poseHeat,
                            PoseBackbone poseBackbone, List<BBox> detected, long t) {
        fight.add(tracked, id -> {
            PersonHistory h = histories.get(id);
            return h == null ? Double.NaN : h.scale();
        }, grid);
        heat.add(poseHeat, t);
        if (violenceModel != null || tracing) { // only the classifier reads them
            boxes.add(detected, fight.moved(), frameWidth, frameHeight, t);
            backbone.add(poseBackbone, t);
        }
        sceneViolence = 0;
        int centres = poseHeat == null ? 0 : HeatFeatures.centrePeaks(poseHeat, HeatFeatures.GATE_PEAK_LEVEL);
        boolean interest = fight.gate() || found >= 2 || centres >= 2;
        if (firstT == Long.MIN_VALUE) {
            firstT = t;
        }
        if (interest) {
            lastInterestT = t;
        }
        boolean ready = heat.ready() && poseHeat != null;
        boolean gate = ready && interest;
        fightGateOpen = gate;
        boolean inputReady = ready && backbone.ready();
        boolean judged = gate && violenceModel != null && inputReady;
        float[] heatNumbers = judged || (tracing && inputReady) ? heat.vector() : null;
        float[] boxNumbers = heatNumbers == null ? null : boxes.vector();
        float[] backboneNumbers = heatNumbers == null ? null : backbone.vector();
        float[] features = heatNumbers == null ? null : ViolenceModel.input(heatNumbers, boxNumbers, backboneNumbers);
        double p = Double.NaN;
        double mean = Double.NaN;
        if (judged) {
            p = violenceModel.probability(features);
            if (!violenceRun.isEmpty() && t - violenceRun.peekLast()[0] > VIOLENCE_RUN_GAP_SECONDS * 1e9) {
                violenceRun.clear();
                sceneCarrier = NOBODY; // a new run, perhaps somewhere else: its carrier is chosen afresh
            }
            violenceRun.addLast(new double[]{t, p});
            while (violenceRun.size() > VIOLENCE_SMOOTHING) {
                violenceRun.removeFirst();
            }
            mean = violenceRun.stream().mapToDouble(r -> r[1]).average().orElse(0);
            sceneViolence = violenceModel.evidence(mean);
        }
        if (!tracing) {
            return;
        }
        StringBuilder line = new StringBuilder("gate=").append(gate ? 1 : 0).append(" maps=")
                .append(poseHeat != null ? 1 : 0).append(" people=").append(tracked.size())
                .append(" found=").append(found).append(' ').append(fight.gateTrace()).append(" centres=").append(centres);
        if (poseHeat != null) { // person centres in the heat at 0.1 / 0.2 / 0.3, beside the gate's count at 0.05
            line.append(String.format(java.util.Locale.ROOT, " centres_by_level=%d/%d/%d",
                    HeatFeatures.centrePeaks(poseHeat, 0.1f), HeatFeatures.centrePeaks(poseHeat, 0.2f),
                    HeatFeatures.centrePeaks(poseHeat, 0.3f)));
        }
        if (judged) {
            line.append(String.format(java.util.Locale.ROOT, " p=%.4f mean=%.4f evidence=%.3f", p, mean, sceneViolence));
        }
        if (features != null) {
            appendNumbers(line.append(" heat="), heatNumbers);
            appendNumbers(line.append(" box="), boxNumbers);
            appendNumbers(line.append(" backbone="), backboneNumbers);
        }
        violenceTrace = line.toString();
    }

    private static void appendNumbers(StringBuilder line, float[] numbers) {
        for (int i = 0; i < numbers.length; i++) {
            line.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.6g", numbers[i]));
        }
    }

    /** A verdict on the scene: violence, boxed where the scene is most active (or the whole frame). */
    private static Verdict sceneVerdict(double evidence, BBox activity, int width, int height) {
        double score = score(evidence, true);
        double margin = Math.abs(score);
        String confidence = margin >= 0.5 ? "Medium" : "Low"; // nobody tracked: never High
        BBox box = activity != null ? activity : new BBox(0, 0, width, height);
        return new Verdict(SCENE_ID, score, true, "Abnormal", confidence, List.of(Behaviour.VIOLENCE.wireName()), box);
    }

    private boolean someoneWithinReach(TrackedPerson p, PersonHistory h, List<TrackedPerson> everyone) {
        PoseSample me = h.latest();
        for (TrackedPerson other : everyone) {
            if (other.personId() == p.personId()) {
                continue;
            }
            PersonHistory oh = histories.get(other.personId());
            PoseSample them = oh.latest();
            double bodyHeight = Math.max(h.scale(), oh.scale());
            if (Math.hypot(me.hipX() - them.hipX(), me.hipY() - them.hipY()) <= config.reach() * bodyHeight) {
                return true;
            }
        }
        return false;
    }

    /** The wire score of the strongest evidence: -ln(evidence), 3 decimals, negative exactly when abnormal. */
    private static double score(double strongest, boolean abnormal) {
        double score = Math.round(-Math.log(Math.min(MAX_EVIDENCE, strongest)) * 1000) / 1000.0;
        if (abnormal && score >= 0) {
            return -0.001; // evidence a hair above threshold rounds to 0; keep is_abnormal == (score < 0)
        }
        return !abnormal && score < 0 ? 0 : score;
    }

    private static Verdict verdict(TrackedPerson p, PersonHistory h, double strongest, List<Behaviour> fired) {
        boolean abnormal = !fired.isEmpty();
        double score = score(strongest, abnormal);
        // Quality: how much the pose model believed in this body, discounted for a track too young to have history.
        double quality = h.meanReliability() * Math.min(1, p.dwellSeconds() / 1.0);
        double margin = Math.abs(score);
        String confidence = margin >= 0.5 && quality >= 0.5 ? "High"
                : margin >= 0.2 && quality >= 0.3 ? "Medium" : "Low";
        return new Verdict(p.personId(), score, abnormal, abnormal ? "Abnormal" : "Normal", confidence,
                fired.stream().map(Behaviour::wireName).toList(), p.person().bbox());
    }
}
