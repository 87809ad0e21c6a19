package io.mtc4j.conformance.simulate;

import io.mtc4j.rp.simulate.SimulationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The sweep chart: the landmark-relative share (left axis, 0..100 %) and the mean certificate bytes per handshake
 * (right axis) against the swept parameter's steps. Drawn with Java2D into a PNG (headless; no charting library:
 * two lines over evenly spaced steps need none).
 */
final class SweepChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 100;
    private static final int TOP = 60;
    private static final int BOTTOM = 90;
    private static final Color SHARE = new Color(0x1f, 0x77, 0xb4);
    private static final Color BYTES = new Color(0xd6, 0x27, 0x28);

    private SweepChart() {}

    static void write(SweepSpec sweep, List<SimulationResult> results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = render(sweep, results);
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    static BufferedImage render(SweepSpec sweep, List<SimulationResult> results) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int w = WIDTH - LEFT - RIGHT;
            int h = HEIGHT - TOP - BOTTOM;
            double maxBytes = 0;
            for (SimulationResult r : results) {
                maxBytes = Math.max(maxBytes, r.meanAuthBytes());
            }
            maxBytes = niceCeiling(maxBytes);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            // grid and axes
            for (int i = 0; i <= 5; i++) {
                int y = TOP + h - i * h / 5;
                g.setColor(new Color(0xe0, 0xe0, 0xe0));
                g.drawLine(LEFT, y, LEFT + w, y);
                g.setColor(SHARE);
                String share = (i * 20) + " %";
                g.drawString(share, LEFT - 8 - fm.stringWidth(share), y + 4);
                g.setColor(BYTES);
                g.drawString(String.format(Locale.ROOT, "%.0f", maxBytes * i / 5), LEFT + w + 8, y + 4);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, TOP, w, h);
            int steps = results.size();
            for (int i = 0; i < steps; i++) {
                int x = x(i, steps, w);
                g.drawLine(x, TOP + h, x, TOP + h + 5);
                String label = sweep.values().get(i);
                g.drawString(label, x - fm.stringWidth(label) / 2, TOP + h + 20);
            }
            String xLabel = sweep.name();
            g.drawString(xLabel, LEFT + (w - fm.stringWidth(xLabel)) / 2, TOP + h + 45);
            // the two lines
            line(g, results, steps, w, h, SHARE, true, maxBytes);
            line(g, results, steps, w, h, BYTES, false, maxBytes);
            // title and legend
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("mtc simulate --sweep " + sweep.name() + "=" + sweep.values().get(0) + ".."
                    + sweep.values().get(steps - 1) + ":" + steps, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(SHARE);
            g.fillRect(LEFT, HEIGHT - 30, 14, 4);
            g.drawString("landmark-relative share of handshakes (left axis)", LEFT + 20, HEIGHT - 24);
            g.setColor(BYTES);
            g.fillRect(LEFT + 420, HEIGHT - 30, 14, 4);
            g.drawString("mean certificate bytes per handshake (right axis)", LEFT + 440, HEIGHT - 24);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * The chart of one run: a bar of the shares of handshakes served a landmark-relative certificate, a standalone
     * one or none, and bars of the certificate bytes per handshake (p50, mean, p99) beside the two certificate sizes.
     */
    static void writeSingle(SimulationResult r, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, 420);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("mtc simulate: rp-delay " + r.parameters().rpDelay().spec() + ", landmark interval "
                    + io.mtc4j.rp.simulate.Durations.format(r.parameters().landmarkIntervalMillis()) + ", lifetime "
                    + io.mtc4j.rp.simulate.Durations.format(r.parameters().lifetimeMillis()), 10, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int w = WIDTH - LEFT - RIGHT;
            // shares: one stacked bar
            double[] shares = {r.landmarkRelativeShare(), r.standaloneShare(), r.noneShare()};
            Color[] colors = {SHARE, BYTES, Color.GRAY};
            String[] names = {"landmark-relative", "standalone", "none"};
            int x = LEFT;
            for (int i = 0; i < 3; i++) {
                int bw = (int) Math.round(shares[i] * w);
                g.setColor(colors[i]);
                g.fillRect(x, 62, bw, 40);
                x += bw;
                g.fillRect(LEFT + i * 220, 115, 14, 10);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%s %.2f %%", names[i], shares[i] * 100), LEFT + 20 + i * 220, 125);
            }
            g.drawString("share of handshakes", 10, 54);
            // bytes: five bars on one scale
            String[] labels = {"p50", "mean", "p99", "landmark-relative cert", "standalone cert"};
            double[] bytes = {r.p50AuthBytes(), r.meanAuthBytes(), r.p99AuthBytes(), r.landmarkCertificateBytes(),
                r.standaloneCertificateBytes()};
            double max = 0;
            for (double b : bytes) {
                max = Math.max(max, b);
            }
            max = niceCeiling(max);
            for (int i = 0; i < bytes.length; i++) {
                int y = 160 + i * 45;
                g.setColor(i < 3 ? BYTES : SHARE);
                g.fillRect(LEFT + 90, y, (int) Math.round(bytes[i] / max * (w - 160)), 30);
                g.setColor(Color.BLACK);
                g.drawString(labels[i], 10, y + 20);
                g.drawString(String.format(Locale.ROOT, "%.0f bytes", bytes[i]),
                        LEFT + 100 + (int) Math.round(bytes[i] / max * (w - 160)), y + 20);
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    private static void line(Graphics2D g, List<SimulationResult> results, int steps, int w, int h, Color color,
            boolean share, double maxBytes) {
        Path2D.Double path = new Path2D.Double();
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f));
        for (int i = 0; i < steps; i++) {
            double v = share ? results.get(i).landmarkRelativeShare()
                    : maxBytes == 0 ? 0 : results.get(i).meanAuthBytes() / maxBytes;
            double x = x(i, steps, w);
            double y = TOP + h - v * h;
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
            g.fillOval((int) x - 4, (int) y - 4, 8, 8);
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static int x(int i, int steps, int w) {
        return steps == 1 ? LEFT + w / 2 : LEFT + i * w / (steps - 1);
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v} (at least 1). */
    static double niceCeiling(double v) {
        if (v <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
