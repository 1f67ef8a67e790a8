package io.iotlakehouse.batch.io;

import io.iotlakehouse.batch.transform.ReportPage;
import io.iotlakehouse.batch.transform.ReportPage.Bar;
import io.iotlakehouse.batch.transform.ReportPage.Panel;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import javax.imageio.ImageIO;

/** The fleet report's charts as one PNG (Java2D, headless): the panels of {@link ReportPage} in a 2 x 2 grid. */
public final class ReportImage {
  private ReportImage() {}

  public static void write(YearMonth month, List<ReportPage.SiteMonth> sites, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Panel> panels = ReportPage.panels(sites);
    int w = ReportPage.PANEL_WIDTH;
    int h = ReportPage.PANEL_HEIGHT;
    BufferedImage img = new BufferedImage(2 * w, 40 + 2 * h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(new Color(0x22, 0x22, 0x22));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      g.drawString("Fleet report " + month + (sites.isEmpty() ? ": no device reported" : ""), 20, 28);
      for (int i = 0; i < panels.size(); i++) {
        draw(g, panels.get(i), (i % 2) * w, 40 + (i / 2) * h);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static void draw(Graphics2D g, Panel p, int ox, int oy) {
    int w = ReportPage.PANEL_WIDTH;
    int h = ReportPage.PANEL_HEIGHT;
    g.setColor(new Color(0xfa, 0xfa, 0xfa));
    g.fillRect(ox, oy, w, h);
    g.setColor(new Color(0xdd, 0xdd, 0xdd));
    g.drawRect(ox, oy, w - 1, h - 1);
    g.setColor(new Color(0x22, 0x22, 0x22));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(p.title(), ox + 20, oy + 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    List<Bar> bars = ReportPage.bars(p);
    for (int i = 0; i < bars.size(); i++) {
      Bar r = bars.get(i);
      g.setColor(new Color(0x3b, 0x78, 0xc4));
      g.fillRect(ox + r.x(), oy + r.y(), r.width(), r.height());
      g.setColor(new Color(0x22, 0x22, 0x22));
      centered(g, p.label(i), ox + r.x() + r.width() / 2, oy + r.y() - 4);
      centered(g, p.labels().get(i), ox + r.x() + r.width() / 2, oy + h - 30);
    }
  }

  private static void centered(Graphics2D g, String s, int cx, int y) {
    g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, y);
  }
}
