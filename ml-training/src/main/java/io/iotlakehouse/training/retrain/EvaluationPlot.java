package io.iotlakehouse.training.retrain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A scatter plot of predictions against the truth on the holdout, as a PNG (Java2D, headless). Spark-free. */
public final class EvaluationPlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 600;
  private static final int MARGIN = 70;

  private EvaluationPlot() {}

  /** One point cloud. */
  public record Series(String name, Color color, double[] x, double[] y) {}

  /**
   * Writes the plot to {@code file}. {@code diagonal} draws y = x (perfect predictions); {@code horizontalAt} (NaN for
   * none) draws a threshold line.
   */
  public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series,
      boolean diagonal, double horizontalAt) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double maxX = 1;
    double maxY = diagonal ? 1 : 0;
    for (Series s : series) {
      for (double v : s.x()) {
        maxX = Math.max(maxX, v);
      }
      for (double v : s.y()) {
        maxY = Math.max(maxY, v);
      }
    }
    if (diagonal) {
      maxX = maxY = Math.max(maxX, maxY);
    }
    maxY = maxY <= 0 ? 1 : maxY;
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int plotW = WIDTH - 2 * MARGIN;
      int plotH = HEIGHT - 2 * MARGIN;
      g.setColor(Color.DARK_GRAY);
      g.drawRect(MARGIN, MARGIN, plotW, plotH);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, MARGIN, MARGIN - 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(xLabel, WIDTH / 2 - 60, HEIGHT - 20);
      g.drawString(yLabel, 8, MARGIN - 8);
      for (int i = 0; i <= 5; i++) {
        int px = MARGIN + plotW * i / 5;
        int py = MARGIN + plotH - plotH * i / 5;
        g.drawString(String.format(Locale.ROOT, "%.3g", maxX * i / 5), px - 12, MARGIN + plotH + 18);
        g.drawString(String.format(Locale.ROOT, "%.3g", maxY * i / 5), MARGIN - 45, py + 4);
      }
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f}, 0f));
      g.setColor(Color.GRAY);
      if (diagonal) {
        g.drawLine(MARGIN, MARGIN + plotH, MARGIN + plotW, MARGIN);
      }
      if (!Double.isNaN(horizontalAt)) {
        int py = MARGIN + plotH - (int) Math.round(plotH * horizontalAt / maxY);
        g.drawLine(MARGIN, py, MARGIN + plotW, py);
      }
      int legendY = MARGIN + 16;
      for (Series s : series) {
        g.setColor(s.color());
        for (int i = 0; i < s.x().length; i++) {
          int px = MARGIN + (int) Math.round(plotW * s.x()[i] / maxX);
          int py = MARGIN + plotH - (int) Math.round(plotH * s.y()[i] / maxY);
          g.fillOval(px - 2, py - 2, 4, 4);
        }
        g.fillRect(MARGIN + plotW - 190, legendY - 9, 10, 10);
        g.setColor(Color.DARK_GRAY);
        g.drawString(s.name(), MARGIN + plotW - 175, legendY);
        legendY += 18;
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available to write " + file);
    }
  }
}
