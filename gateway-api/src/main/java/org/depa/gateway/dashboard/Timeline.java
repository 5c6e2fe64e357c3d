package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Events in time order, drawn on the server as a vertical SVG timeline (one row per event, so it
 * reads the same at 390 pixels as at 1280): a contract's statuses, a job's, a run's key releases.
 *
 * @param steps the events, oldest first, each with its row's position
 * @param height the drawing's height in its own units
 */
@TemplateData
record Timeline(List<Step> steps, int height) {
    static final int WIDTH = 480;
    private static final int ROW = 44;

    /** One event: what happened, when, and the transaction that recorded it. */
    @TemplateData
    record Step(String label, String at, String txId, int y) {
        public int timeY() {
            return y + 16;
        }
    }

    /** One event before it is placed. */
    record Event(String label, String at, String txId) {}

    static Timeline of(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> e.at() == null ? "" : e.at()));
        List<Step> steps = new ArrayList<>();
        for (Event e : sorted) {
            steps.add(new Step(e.label(), e.at() == null ? "" : e.at(), e.txId(), 20 + steps.size() * ROW));
        }
        return new Timeline(List.copyOf(steps), Math.max(ROW, 20 + steps.size() * ROW));
    }

    public int width() {
        return WIDTH;
    }

    /** Where the connecting line ends: at the last event's dot. */
    public int lastY() {
        return steps.isEmpty() ? 20 : steps.get(steps.size() - 1).y();
    }
}
