package org.depa.ccr.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Line charts as PNG with Java2D, headless, no extra dependency. */
final class Plot {
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
    };

    private Plot() {}

    /** One named series of y values over x = 1..n. */
    record Series(String name, double[] values) {}

    static byte[] png(String title, String yLabel, List<Series> series, Double horizontalLine) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 640;
        int h = 400;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 1;
            for (Series s : series) {
                n = Math.max(n, s.values().length);
                for (double v : s.values()) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (horizontalLine != null) {
                min = Math.min(min, horizontalLine);
                max = Math.max(max, horizontalLine);
            }
            if (!Double.isFinite(min)) {
                min = 0;
                max = 1;
            }
            if (max - min < 1e-9) {
                max = min + 1;
            }
            double pad = (max - min) * 0.05;
            min -= pad;
            max += pad;
            int pw = w - left - right;
            int ph = h - top - bottom;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, left, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawRect(left, top, pw, ph);
            for (int i = 0; i <= 4; i++) {
                double v = min + (max - min) * i / 4;
                int y = top + ph - (int) Math.round(ph * i / 4.0);
                g.setColor(new Color(0xdddddd));
                g.drawLine(left + 1, y, left + pw - 1, y);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.3f", v), 8, y + 4);
            }
            for (int i = 1; i <= n; i++) {
                if (n <= 12 || i == 1 || i == n || i % Math.max(1, n / 10) == 0) {
                    int x = xOf(i, n, left, pw);
                    g.drawString(Integer.toString(i), x - 4, top + ph + 16);
                }
            }
            g.drawString("epoch", left + pw / 2 - 15, top + ph + 34);
            g.drawString(yLabel, left, top - 4);
            if (horizontalLine != null) {
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(
                        1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
                int y = yOf(horizontalLine, min, max, top, ph);
                g.drawLine(left, y, left + pw, y);
            }
            g.setStroke(new BasicStroke(2f));
            int legendX = left + 10;
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                g.setColor(COLORS[k % COLORS.length]);
                int px = -1;
                int py = -1;
                for (int i = 0; i < s.values().length; i++) {
                    double v = s.values()[i];
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    int x = xOf(i + 1, n, left, pw);
                    int y = yOf(v, min, max, top, ph);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    g.fillOval(x - 3, y - 3, 6, 6);
                    px = x;
                    py = y;
                }
                g.drawString(s.name(), legendX, h - 8);
                legendX += g.getFontMetrics().stringWidth(s.name()) + 24;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    private static int xOf(int i, int n, int left, int pw) {
        return n == 1 ? left + pw / 2 : left + (int) Math.round((i - 1) * (double) pw / (n - 1));
    }

    private static int yOf(double v, double min, double max, int top, int ph) {
        return top + ph - (int) Math.round((v - min) / (max - min) * ph);
    }
}
