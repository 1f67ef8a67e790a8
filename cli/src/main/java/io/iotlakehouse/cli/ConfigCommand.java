package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "List every config key with its effective value, default and meaning.")
final class ConfigCommand implements Callable<Integer> {
  @ParentCommand LakehouseCli root;

  @Option(names = "--markdown", description = "Print a Markdown table (as in the READMEs).")
  boolean markdown;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Config c = root.config();
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.println("| key | default | expects | meaning |");
      out.println("|---|---|---|---|");
    }
    for (ConfigKey<?> k : c.keys()) {
      String def = k.defaultText().isEmpty() ? "(empty)" : k.defaultText();
      if (markdown) {
        out.printf("| `%s` | `%s` | %s | %s |%n", k.name(), def, k.expectation(), k.doc());
      } else {
        out.printf("%s = %s%s%n    %s (%s; default %s)%n", k.name(), c.get(k), c.isSet(k) ? "  [set]" : "", k.doc(), k.expectation(), def);
      }
    }
    return 0;
  }
}
