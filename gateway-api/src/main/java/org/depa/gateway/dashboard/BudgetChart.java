package org.depa.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.depa.ledger.model.domain.HistoryEntry;

/**
 * A dataset's privacy budget over time, drawn on the server as SVG from the budget record's
 * committed history: one step per transaction that changed it (a value holds until the next
 * change), total, reserved and spent epsilon on one scale. The same figures go in a table beside
 * it for people who do not see the chart.
 *
 * @param width the drawing's width in its own units (it scales to the page)
 * @param height the drawing's height
 * @param total the total line's points, "x,y x,y ..."
 * @param reserved the reserved line's points
 * @param spent the spent line's points
 * @param ticks the y axis labels
 * @param rows the history, oldest first, as the table shows it
 */
@TemplateData
record BudgetChart(
        int width, int height, String total, String reserved, String spent, List<Tick> ticks, List<Row> rows) {
    static final int WIDTH = 640;
    static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    /** One y axis label at {@code y}. */
    @TemplateData
    record Tick(int y, String label) {
        /** The label's baseline, centred on the tick. */
        public int labelY() {
            return y + 4;
        }
    }

    /** One committed change of the budget. */
    @TemplateData
    record Row(int index, String at, String txId, BigDecimal total, BigDecimal reserved, BigDecimal spent) {}

    /** The chart of a budget's history ({@code audit:history} of the budget record); empty history, no lines. */
    static BudgetChart of(List<HistoryEntry> history) {
        List<HistoryEntry> entries = new ArrayList<>(
                history.stream().filter(e -> !e.deleted() && e.value() != null).toList());
        entries.sort(Comparator.comparing(e -> e.timestamp() == null ? "" : e.timestamp()));
        List<Row> rows = new ArrayList<>();
        for (HistoryEntry e : entries) {
            JsonNode v = e.value();
            rows.add(new Row(
                    rows.size() + 1,
                    e.timestamp(),
                    e.txId(),
                    decimal(v, "totalEpsilon"),
                    decimal(v, "reservedEpsilon"),
                    decimal(v, "spentEpsilon")));
        }
        BigDecimal max = rows.stream()
                .map(r -> r.total().max(r.reserved().add(r.spent())))
                .max(Comparator.naturalOrder())
                .filter(m -> m.signum() > 0)
                .orElse(BigDecimal.ONE);
        List<Tick> ticks = List.of(
                new Tick(y(BigDecimal.ZERO, max), "0"),
                new Tick(y(max.divide(BigDecimal.valueOf(2)), max), plain(max.divide(BigDecimal.valueOf(2)))),
                new Tick(y(max, max), plain(max)));
        return new BudgetChart(
                WIDTH,
                HEIGHT,
                steps(rows, Row::total, max),
                steps(rows, Row::reserved, max),
                steps(rows, Row::spent, max),
                ticks,
                rows);
    }

    /** The x axis' caption: how many changes and from when to when. */
    public String span() {
        if (rows.isEmpty()) {
            return "no changes recorded";
        }
        return rows.size() + " change" + (rows.size() == 1 ? "" : "s") + ", "
                + rows.get(0).at() + " to " + rows.get(rows.size() - 1).at();
    }

    public int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    /** Where the y labels end, just left of the axis. */
    public int labelX() {
        return LEFT - 6;
    }

    /** The x axis caption's baseline. */
    public int captionY() {
        return HEIGHT - BOTTOM + 24;
    }

    public int plotTop() {
        return TOP;
    }

    public int plotLeft() {
        return LEFT;
    }

    public int plotRight() {
        return WIDTH - RIGHT;
    }

    private static String steps(List<Row> rows, java.util.function.Function<Row, BigDecimal> value, BigDecimal max) {
        StringBuilder points = new StringBuilder();
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            int x = x(i, n);
            int y = y(value.apply(rows.get(i)), max);
            if (i > 0) {
                points.append(' ').append(x).append(',').append(y(value.apply(rows.get(i - 1)), max));
            }
            points.append(i == 0 ? "" : " ").append(x).append(',').append(y);
        }
        if (n > 0) {
            // The last value holds until now: carry it to the right edge.
            points.append(' ').append(WIDTH - RIGHT).append(',').append(y(value.apply(rows.get(n - 1)), max));
        }
        return points.toString();
    }

    private static int x(int i, int n) {
        int span = WIDTH - LEFT - RIGHT;
        return n <= 1 ? LEFT : LEFT + (int) Math.round((double) span * i / n);
    }

    private static int y(BigDecimal v, BigDecimal max) {
        int span = HEIGHT - TOP - BOTTOM;
        BigDecimal share = v.divide(max, 6, RoundingMode.HALF_UP);
        return TOP
                + span
                - share.multiply(BigDecimal.valueOf(span))
                        .setScale(0, RoundingMode.HALF_UP)
                        .intValue();
    }

    private static BigDecimal decimal(JsonNode v, String field) {
        JsonNode n = v.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return BigDecimal.ZERO;
        }
        return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText("0"));
    }

    private static String plain(BigDecimal b) {
        return b.stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
