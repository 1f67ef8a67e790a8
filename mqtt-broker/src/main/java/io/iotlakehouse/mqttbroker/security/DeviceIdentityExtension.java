package io.iotlakehouse.mqttbroker.security;

import com.codahale.metrics.Gauge;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Device identity and topic ACLs, as a HiveMQ extension embedded in the broker JVM. On CONNECT the client's TLS
 * certificate (already checked against the platform CA by the TLS listener) gives its identity ({@link ClientIdentity});
 * every PUBLISH (and the will) and SUBSCRIBE is then checked against the {@link TopicAcl}. Refusals answer with
 * NOT_AUTHORIZED (CONNACK, PUBACK or SUBACK reason codes in MQTT 5; MQTT 3 clients are disconnected) and are counted
 * by {@link SecurityEvents}, also as HiveMQ metrics {@code io.iotlakehouse.security.refused.<kind>}.
 */
public final class DeviceIdentityExtension implements ExtensionMain {
  static final String IDENTITY = "io.iotlakehouse.identity";
  private static final String METRIC = "io.iotlakehouse.security.refused.";
  private static final List<String> KINDS = List.of("tls_handshake", "connect_no_certificate", "connect_bad_subject",
      "connect_client_id_mismatch", "publish", "subscribe");

  private final TopicAcl acl;
  private final SecurityEvents events = SecurityEvents.get();

  public DeviceIdentityExtension(TopicAcl acl) {
    this.acl = acl;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    for (String kind : KINDS) {
      Services.metricRegistry().register(METRIC + kind, (Gauge<Long>) () -> events.counter(kind).get());
    }
    Services.securityRegistry().setAuthenticatorProvider(in -> (SimpleAuthenticator) this::authenticate);
    Services.securityRegistry().setAuthorizerProvider(in -> new Authorizer());
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    KINDS.forEach(k -> Services.metricRegistry().remove(METRIC + k));
  }

  private void authenticate(SimpleAuthInput in, SimpleAuthOutput out) {
    ConnectionInformation conn = in.getConnectionInformation();
    String clientId = in.getClientInformation().getClientId();
    Optional<String> subject = conn.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate)
        .map(c -> c.getSubjectX500Principal().getName());
    try {
      ClientIdentity identity = ClientIdentity.authenticate(subject, clientId);
      conn.getConnectionAttributeStore().putAsString(IDENTITY, identity.encode());
      out.authenticateSuccessfully();
    } catch (ClientIdentity.Refused r) {
      events.refused("connect_" + r.reason(), "client '" + clientId + "' from " + address(conn) + ": " + r.getMessage());
      out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, r.getMessage());
    }
  }

  private static String address(ConnectionInformation conn) {
    return conn.getInetAddress().map(InetAddress::getHostAddress).orElse("unknown address");
  }

  private static Optional<ClientIdentity> identity(ConnectionInformation conn) {
    return conn.getConnectionAttributeStore().getAsString(IDENTITY).flatMap(ClientIdentity::decode);
  }

  /** The refusal to send, or empty when {@code client} may do {@code action} on {@code topic} (counted and logged). */
  private Optional<String> refusal(ConnectionInformation conn, String clientId, String action, String topic,
      BiPredicate<ClientIdentity, String> allowed) {
    Optional<ClientIdentity> who = identity(conn);
    if (who.isPresent() && allowed.test(who.get(), topic)) return Optional.empty();
    String why = who.map(w -> w.role().unit() + " " + w.id() + " may not " + action + " " + topic).orElse("unauthenticated client");
    events.refused(action, "client '" + clientId + "': " + why);
    return Optional.of(why);
  }

  /** One per client connection. */
  private final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    @Override
    public void authorizePublish(PublishAuthorizerInput in, PublishAuthorizerOutput out) {
      refusal(in.getConnectionInformation(), in.getClientInformation().getClientId(), "publish",
          in.getPublishPacket().getTopic(), acl::mayPublish)
          .ifPresentOrElse(why -> out.failAuthorization(AckReasonCode.NOT_AUTHORIZED, why), out::authorizeSuccessfully);
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput in, SubscriptionAuthorizerOutput out) {
      refusal(in.getConnectionInformation(), in.getClientInformation().getClientId(), "subscribe",
          in.getSubscription().getTopicFilter(), acl::maySubscribe)
          .ifPresentOrElse(why -> out.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, why), out::authorizeSuccessfully);
    }
  }
}
