package dev.vigil.anomaly;

import dev.vigil.track.TrackedPerson;

import java.util.List;

/**
 * The result of analysing one frame of a stream.
 *
 * @param people   the tracked people seen in this frame, by id
 * @param verdicts one per person, same order
 * @param alerts   the verdicts to alert on now, after debouncing (usually empty)
 */
public record Analysis(List<TrackedPerson> people, List<Verdict> verdicts, List<Verdict> alerts) {

    public Analysis {
        people = List.copyOf(people);
        verdicts = List.copyOf(verdicts);
        alerts = List.copyOf(alerts);
    }
}
