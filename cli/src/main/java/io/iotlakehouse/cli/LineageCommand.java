package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.governance.GovernanceKeys;
import io.iotlakehouse.governance.io.AtlasClient;
import io.iotlakehouse.governance.io.LineageRecorder;
import io.iotlakehouse.governance.io.LineageTrace;
import io.iotlakehouse.governance.transform.TraceRender;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.StackKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = "Lineage in Apache Atlas: record the jobs' lineage events, trace a table, model or gateway.",
    subcommands = {LineageCommand.Record.class, LineageCommand.Trace.class})
final class LineageCommand {
  @ParentCommand LakehouseCli root;

  /** The configured Atlas, or the local one: with the same credentials the local server accepts. */
  static AtlasClient atlas(Config config, String url) {
    return new AtlasClient(url, config.get(PlatformKeys.ATLAS_USER), config.get(PlatformKeys.ATLAS_PASSWORD));
  }

  @Command(name = "record", mixinStandardHelpOptions = true,
      description = {"Run the lineage recorder until Ctrl-C: lineage events from Kafka into Atlas (idempotent; waits out "
          + "Atlas outages). Starts the local Kafka and Atlas 2.1.0 when kafka.bootstrap-servers / atlas.url are empty."})
  static final class Record implements Callable<Integer> {
    @ParentCommand LineageCommand parent;

    @Override
    public Integer call() throws InterruptedException {
      LocalStack stack = LocalStack.start(parent.root.config());
      String url = stack.atlasUrl();
      Config cfg = stack.config();
      LineageRecorder recorder = new LineageRecorder(cfg, atlas(cfg, url)).start();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        recorder.close();
        stack.close();
        stop.countDown();
      }));
      System.out.println("Recording lineage from topic " + cfg.get(PlatformKeys.TOPIC_LINEAGE) + " into Atlas " + url);
      System.out.println("Atlas web UI: " + url + "/index.html (user " + cfg.get(PlatformKeys.ATLAS_USER) + ")");
      System.out.println("Running. Ctrl-C stops.");
      stop.await();
      return 0;
    }
  }

  @Command(name = "trace", mixinStandardHelpOptions = true,
      description = {"Print the lineage of a table (e.g. gold.asset_health), model version (rul/3), gateway or job.",
          "With --json the last line is one JSON object: nodes (type, qualifiedName, name, version, classifications) and edges."})
  static final class Trace implements Callable<Integer> {
    @ParentCommand LineageCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Short name (<layer>.<table>, <model>/<version>, gateway id, job) or qualified name")
    String name;

    static final class Direction {
      @Option(names = "--upstream", description = "Only where it comes from") boolean upstream;
      @Option(names = "--downstream", description = "Only where it goes") boolean downstream;
    }

    @ArgGroup(exclusive = true) Direction direction = new Direction();

    @Option(names = "--depth", paramLabel = "N", description = "Steps to follow (jobs and datasets each count one); default governance.trace.depth")
    Integer depth;

    @Option(names = "--json", description = "Print the graph as one JSON object on the last line")
    boolean json;

    @Option(names = "--svg", paramLabel = "FILE", description = "Also draw it as SVG (Graphviz dot: apt-get install graphviz)")
    Path svg;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML page (with the SVG when Graphviz is installed)")
    Path html;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Config cfg = parent.root.config();
      String url = cfg.get(PlatformKeys.ATLAS_URL);
      if (url.isBlank()) url = "http://127.0.0.1:" + cfg.get(StackKeys.ATLAS_PORT);
      AtlasClient atlas = atlas(cfg, url);
      if (!atlas.active()) {
        throw new LakehouseException("No active Atlas at " + url, "the trace reads lineage from Atlas",
            "start the local one with `lakehouse lineage record` (or `lakehouse demo --lineage`), or set --conf atlas.url=<your Atlas>");
      }
      int d = depth != null ? depth : cfg.get(GovernanceKeys.TRACE_DEPTH);
      if (d < 1) throw new LakehouseException("Invalid --depth " + d, "it must be at least 1", "pass --depth 1 or more");
      boolean up = !direction.downstream;
      boolean down = !direction.upstream;
      String dir = up && down ? "BOTH" : up ? "INPUT" : "OUTPUT";
      LineageTrace.Trace t = new LineageTrace(atlas).trace(name, dir, d);
      PrintWriter out = spec.commandLine().getOut();
      String text = TraceRender.text(t.graph(), t.starts(), up, down);
      out.print(text);
      String drawn = null;
      if (svg != null || html != null) drawn = graphviz(TraceRender.dot(t.graph(), t.starts()), html == null);
      if (svg != null) {
        Files.writeString(svg, drawn, StandardCharsets.UTF_8);
        spec.commandLine().getErr().println("wrote " + svg);
      }
      if (html != null) {
        Files.writeString(html, TraceRender.html(t.graph(), t.starts(), text, drawn), StandardCharsets.UTF_8);
        spec.commandLine().getErr().println("wrote " + html);
      }
      spec.commandLine().getErr().println("Atlas web UI: " + atlas.uiUrl());
      if (json) out.println(TraceRender.json(t.graph(), t.starts(), dir));
      out.flush();
      return 0;
    }

    /** SVG from Graphviz {@code dot}; null when it is missing and {@code required} is false. */
    private static String graphviz(String dot, boolean required) throws IOException, InterruptedException {
      Process p;
      try {
        p = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
      } catch (IOException e) {
        if (!required) return null;
        throw new LakehouseException("Cannot draw the SVG", "Graphviz's dot program is not installed",
            "install it with: sudo apt-get install graphviz (or use --html, which works without it)");
      }
      p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new IllegalStateException("dot failed: " + svg);
      return svg;
    }
  }
}
