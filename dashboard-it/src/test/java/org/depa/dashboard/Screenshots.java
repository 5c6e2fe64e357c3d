package org.depa.dashboard;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Screenshots for the README, kept small without blurring the text: the page is taken at the
 * width it is stored at (no scaling), at its full height up to {@link #MAX_HEIGHT}, and written as an indexed-colour
 * PNG. A dashboard page has few colours (white, navy, greys, link blue, the chart's three); the
 * {@link #COLOURS} most frequent ones (near shades merged) form the palette, every pixel takes its
 * nearest entry, without dithering, so edges stay sharp and the deflate stream stays short.
 */
final class Screenshots {
    /** CSS pixels wide a desktop page is taken at, and stored at (one device pixel each). */
    static final int WIDTH = 1024;

    /**
     * The stored picture's height at most. The whole page: a cut at a screen's height hid the lower
     * tables (the balances, the verification's checks); the cap only bounds a page that grows with the ledger.
     */
    static final int MAX_HEIGHT = 4000;

    /** Palette entries: 16 keeps text's antialiasing ramp and the charts' colours, at 4 bits a pixel. */
    static final int COLOURS = 16;

    private Screenshots() {}

    static void write(Path file, byte[] png) throws IOException {
        // The page as the browser gave it, kept in the build directory to try other settings on.
        Path raw = Path.of("target", "screenshots-raw");
        Files.createDirectories(raw);
        Files.write(raw.resolve(file.getFileName()), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image.getHeight() > MAX_HEIGHT) {
            image = image.getSubimage(0, 0, image.getWidth(), MAX_HEIGHT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(indexed(image), "png", out);
        Files.write(file, out.toByteArray());
    }

    /** The image in at most {@link #COLOURS} colours, chosen by frequency. */
    static BufferedImage indexed(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, int[]> buckets = new HashMap<>();
        for (int p : rgb) {
            // Shades within 16 levels per channel count as one colour when choosing the palette.
            int key = (p >> 4) & 0x0F0F0F;
            int[] b = buckets.computeIfAbsent(key, k -> new int[4]);
            b[0]++;
            b[1] += (p >> 16) & 0xFF;
            b[2] += (p >> 8) & 0xFF;
            b[3] += p & 0xFF;
        }
        List<int[]> ranked = new ArrayList<>(buckets.values());
        ranked.sort(Comparator.comparingInt((int[] b) -> b[0]).reversed());
        int n = Math.min(COLOURS, ranked.size());
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int[] c = ranked.get(i);
            r[i] = (byte) (c[1] / c[0]);
            g[i] = (byte) (c[2] / c[0]);
            b[i] = (byte) (c[3] / c[0]);
        }
        IndexColorModel palette = new IndexColorModel(n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8, n, r, g, b);
        BufferedImage out = new BufferedImage(
                w, h, n <= 16 ? BufferedImage.TYPE_BYTE_BINARY : BufferedImage.TYPE_BYTE_INDEXED, palette);
        Map<Integer, Integer> nearest = new HashMap<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb[y * w + x] & 0xFFFFFF;
                int index = nearest.computeIfAbsent(p, c -> nearest(c, r, g, b));
                out.getRaster().setSample(x, y, 0, index);
            }
        }
        return out;
    }

    private static int nearest(int c, byte[] r, byte[] g, byte[] b) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < r.length; i++) {
            long dr = ((c >> 16) & 0xFF) - (r[i] & 0xFF);
            long dg = ((c >> 8) & 0xFF) - (g[i] & 0xFF);
            long db = (c & 0xFF) - (b[i] & 0xFF);
            // Weighted as the eye weighs the channels, roughly.
            long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    /** Rewrites the PNGs already in a directory the same way: {@code java Screenshots.java DIR}. */
    public static void main(String[] args) throws IOException {
        try (var files = Files.list(Path.of(args[0]))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".png")).toList()) {
                write(p, Files.readAllBytes(p));
            }
        }
    }
}
