package io.iotlakehouse.mqttbroker.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a TLS client is, from its certificate's subject: {@code CN} = the device, gateway or monitor id, {@code OU} =
 * the role ({@code device}, {@code gateway}, {@code monitor} or {@code controller}). The MQTT client id must match the certificate, so one
 * device cannot take over another's session: a device, monitor or controller connects as its own id, a gateway as
 * {@code gateway-<id>} (its persistent session).
 */
public record ClientIdentity(Role role, String id) {
  private static final String ID_RULE = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  public enum Role {
    DEVICE("device", ""),
    GATEWAY("gateway", "gateway-"),
    MONITOR("monitor", ""),
    CONTROLLER("controller", "");

    private final String unit;
    private final String clientIdPrefix;

    Role(String unit, String clientIdPrefix) {
      this.unit = unit;
      this.clientIdPrefix = clientIdPrefix;
    }

    public String unit() {
      return unit;
    }
  }

  /** A refused connection: {@code reason} is a short code for counting, the message says why. */
  public static final class Refused extends Exception {
    private final String reason;

    Refused(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /**
   * The identity of a client that presented {@code subject} (RFC 2253, empty when it presented no certificate) and
   * connects as {@code clientId}.
   */
  public static ClientIdentity authenticate(Optional<String> subject, String clientId) throws Refused {
    if (subject.isEmpty()) {
      throw new Refused("no_certificate", "no client certificate: every client must present one issued by the platform CA");
    }
    String cn = single(subject.get(), "CN");
    String ou = single(subject.get(), "OU");
    if (cn == null || !cn.matches(ID_RULE)) {
      throw new Refused("bad_subject", "certificate subject '" + subject.get() + "' has no single CN that is a valid id");
    }
    Role role = null;
    for (Role r : Role.values()) if (r.unit.equals(ou == null ? null : ou.toLowerCase(Locale.ROOT))) role = r;
    if (role == null) {
      throw new Refused("bad_subject", "certificate subject '" + subject.get() + "' has no OU=device, OU=gateway, OU=monitor or OU=controller");
    }
    String expected = role.clientIdPrefix + cn;
    if (!expected.equals(clientId)) {
      throw new Refused("client_id_mismatch", "client id '" + clientId + "' does not match the certificate of "
          + role.unit + " " + cn + " (expected '" + expected + "')");
    }
    return new ClientIdentity(role, cn);
  }

  /** For the connection attribute store: {@code <role>/<id>}. */
  public String encode() {
    return role.unit + "/" + id;
  }

  public static Optional<ClientIdentity> decode(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) return Optional.empty();
    for (Role r : Role.values()) {
      if (r.unit.equals(s.substring(0, slash))) return Optional.of(new ClientIdentity(r, s.substring(slash + 1)));
    }
    return Optional.empty();
  }

  /** The value of the only {@code type} attribute of the subject; null when absent, repeated or unparsable. */
  private static String single(String subject, String type) {
    try {
      List<String> values = new LdapName(subject).getRdns().stream().filter(r -> r.getType().equalsIgnoreCase(type))
          .map(Rdn::getValue).map(String::valueOf).toList();
      return values.size() == 1 ? values.get(0) : null;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
