package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.registry.RegistryException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code lakehouse} command. Subcommands only parse arguments and wire; the work lives in the modules. */
@Command(
    name = "lakehouse",
    mixinStandardHelpOptions = true,
    version = "lakehouse 0.1.0-SNAPSHOT",
    description = "IoT lakehouse: devices -> MQTT -> gateway -> Kafka -> Delta bronze/silver/gold, and the hot path to Redis.",
    subcommands = {
      DemoCommand.class, StackCommand.class, GatewayCommand.class, BronzeCommand.class, SilverCommand.class,
      GoldCommand.class, HotPathCommand.class, ReferenceCommand.class, BatchCommand.class, AuditCommand.class,
      ChaosCommand.class, DashboardCommand.class, BenchCommand.class, RegistryCommand.class, MlCommand.class,
      ModelsCommand.class, LineageCommand.class, PkiCommand.class, NotebooksCommand.class,
      ConfigCommand.class, CommandLine.HelpCommand.class
    })
public final class LakehouseCli {
  @Option(names = "--config-file", paramLabel = "FILE", description = "Java properties file with config keys (see `lakehouse config`).")
  Path configFile;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Set a config key; repeatable; wins over --config-file.")
  List<String> conf = new ArrayList<>();

  /** The validated config: unknown keys and bad values fail here, before anything starts. */
  Config config() {
    return Config.load(AllKeys.list(), configFile, conf);
  }

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new LakehouseCli()).setOut(out).setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof LakehouseException || e instanceof RegistryException) { // messages say what, why, how to fix
        cmd.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl.execute(args);
  }
}
