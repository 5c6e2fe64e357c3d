package org.depa.dashboard;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Screenshots for the README, kept small: a page taken at 1280 CSS pixels is stored {@link #WIDTH}
 * pixels wide (smoothly scaled, RGB), a narrower one as taken; both cut at {@link #MAX_HEIGHT}.
 */
final class Screenshots {
    static final int WIDTH = 800;
    /** The stored picture's height at most: the top of a long page (its heading and first sections). */
    static final int MAX_HEIGHT = 900;

    private Screenshots() {}

    static void write(Path file, byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image.getWidth() > WIDTH) {
            int height = (int) Math.round(image.getHeight() * (double) WIDTH / image.getWidth());
            BufferedImage small = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, WIDTH, height, null);
            g.dispose();
            image = small;
        }
        if (image.getHeight() > MAX_HEIGHT) {
            image = image.getSubimage(0, 0, image.getWidth(), MAX_HEIGHT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        Files.write(file, out.toByteArray());
    }

    /** Shrinks the PNGs already in a directory the same way: {@code java Screenshots.java DIR}. */
    public static void main(String[] args) throws IOException {
        try (var files = Files.list(Path.of(args[0]))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".png")).toList()) {
                write(p, Files.readAllBytes(p));
            }
        }
    }
}
