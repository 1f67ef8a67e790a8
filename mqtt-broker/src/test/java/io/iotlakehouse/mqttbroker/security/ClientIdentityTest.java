package io.iotlakehouse.mqttbroker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIdentityTest {
  @ParameterizedTest(name = "{0} as {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // subject (RFC 2253)                              | client id          | identity or refusal reason
      "CN=truck-0001,OU=device,O=IoT lakehouse dev       | truck-0001         | device/truck-0001",
      "CN=gw-local-1,OU=gateway,O=IoT lakehouse dev      | gateway-gw-local-1 | gateway/gw-local-1",
      "CN=gw-local-1,OU=Gateway                          | gateway-gw-local-1 | gateway/gw-local-1",
      "CN=ops-1,OU=monitor                               | ops-1              | monitor/ops-1",
      "CN=truck-0001,OU=device                           | truck-0002         | client_id_mismatch",
      "CN=gw-local-1,OU=gateway                          | gw-local-1         | client_id_mismatch",
      "CN=truck-0001,OU=device                           | gateway-truck-0001 | client_id_mismatch",
      "CN=truck-0001,OU=operator                         | truck-0001         | bad_subject",
      "CN=truck-0001                                     | truck-0001         | bad_subject",
      "CN=truck-0001,CN=truck-0002,OU=device             | truck-0001         | bad_subject",
      "CN=devices/#,OU=device                            | devices/#          | bad_subject",
      "CN=+,OU=device                                    | +                  | bad_subject",
      "OU=device                                         | x                  | bad_subject",
  })
  void identityComesFromTheCertificateAndMustMatchTheClientId(String subject, String clientId, String expected) {
    try {
      assertThat(ClientIdentity.authenticate(Optional.of(subject), clientId).encode()).isEqualTo(expected);
    } catch (ClientIdentity.Refused r) {
      assertThat(r.reason()).isEqualTo(expected);
    }
  }

  @Test
  void aClientWithoutCertificateIsRefused() {
    assertThatThrownBy(() -> ClientIdentity.authenticate(Optional.empty(), "truck-0001"))
        .isInstanceOf(ClientIdentity.Refused.class).hasMessageContaining("no client certificate")
        .extracting(e -> ((ClientIdentity.Refused) e).reason()).isEqualTo("no_certificate");
  }

  @Test
  void identitiesRoundTripThroughTheConnectionAttribute() {
    ClientIdentity id = new ClientIdentity(ClientIdentity.Role.GATEWAY, "gw-1");
    assertThat(ClientIdentity.decode(id.encode())).contains(id);
    assertThat(ClientIdentity.decode("operator/x")).isEmpty();
    assertThat(ClientIdentity.decode("garbage")).isEmpty();
  }
}
