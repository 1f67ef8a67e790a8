package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.tls.ClientTls;
import io.iotlakehouse.common.tls.Pem;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.stack.DevPki;
import io.iotlakehouse.stack.LocalStack;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "pki", mixinStandardHelpOptions = true,
    description = "The local stack's development PKI in <lakehouse.work-dir>/services/pki: a dev CA, the brokers' "
        + "certificate, and client certificates (CN = the device, gateway, monitor or controller id) under devices/, "
        + "gateways/, monitors/, controllers/. For development and tests only: the CA key sits next to the certificates; production brings its "
        + "own CA and points mqtt.tls.* and edge.kafka.ssl.ca-file at its files.",
    subcommands = {PkiCommand.Issue.class, PkiCommand.Show.class})
final class PkiCommand {
  @ParentCommand LakehouseCli root;

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Issue client certificates (creating the CA on first use). Idempotent: a certificate still valid "
          + "for a week and signed by the current CA is kept.")
  static final class Issue implements Callable<Integer> {
    @ParentCommand PkiCommand pki;

    @Option(names = "--device", split = ",", paramLabel = "ID", description = "Device ids (repeatable, or comma-separated).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--gateway", split = ",", paramLabel = "ID", description = "Gateway ids (edge.gateway-id).")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--monitor", split = ",", paramLabel = "ID", description = "Monitoring clients (read gateways' heartbeats).")
    List<String> monitors = new ArrayList<>();

    @Option(names = "--controller", split = ",", paramLabel = "ID",
        description = "Rollout controllers (edge.rollout.controller-id; `lakehouse models rollout | status`).")
    List<String> controllers = new ArrayList<>();

    @Option(names = "--fleet", description = "Every device of the configured simulated fleet (simulators.*).")
    boolean fleet;

    @Override
    public Integer call() {
      Config config = pki.root.config();
      DevPki dev = DevPki.open(LocalStack.pkiDir(config));
      Map<TlsRole, List<String>> wanted = new LinkedHashMap<>();
      List<String> allDevices = new ArrayList<>(devices);
      if (fleet) Fleet.registrations(config).forEach(r -> allDevices.add(r.deviceId()));
      wanted.put(TlsRole.DEVICE, allDevices);
      wanted.put(TlsRole.GATEWAY, gateways);
      wanted.put(TlsRole.MONITOR, monitors);
      wanted.put(TlsRole.CONTROLLER, controllers);
      if (wanted.values().stream().allMatch(List::isEmpty)) {
        System.err.println("nothing to issue: give --device, --gateway, --monitor, --controller or --fleet");
        return 2;
      }
      int issued = 0;
      int total = 0;
      for (Map.Entry<TlsRole, List<String>> e : wanted.entrySet()) {
        issued += dev.issueAll(e.getKey(), e.getValue());
        total += e.getValue().size();
        for (String id : e.getValue()) {
          ClientTls tls = ClientTls.of(dev.caFile(), dev.dir(), e.getKey(), id);
          System.out.println(e.getKey().unit() + " " + id + ": " + tls.certificateFile() + " " + tls.keyFile());
        }
      }
      System.out.printf("%d issued, %d kept; CA %s%n", issued, total - issued, dev.caFile());
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The dev CA (subject, validity, SHA-256 fingerprint) and how many identities of each kind exist.")
  static final class Show implements Callable<Integer> {
    @ParentCommand PkiCommand pki;

    @Override
    public Integer call() throws Exception {
      DevPki dev = DevPki.open(LocalStack.pkiDir(pki.root.config()));
      X509Certificate ca = Pem.certificates(dev.caFile()).get(0);
      System.out.println("folder      " + dev.dir());
      System.out.println("CA          " + dev.caFile() + " (" + ca.getSubjectX500Principal().getName() + ")");
      System.out.println("valid until " + ca.getNotAfter().toInstant());
      System.out.println("SHA-256     " + HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded())));
      for (TlsRole role : TlsRole.values()) {
        System.out.println(role.folder() + " " + " ".repeat(11 - role.folder().length()) + dev.identities(role).size());
      }
      return 0;
    }
  }
}
