package io.iotlakehouse.mqttbroker.security;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Which topics each role may publish to and subscribe to, as MQTT topic filters in which {@code {id}} stands for the
 * client's own id (its certificate CN). Read from {@code lakehouse-security.properties} (written by the stack):
 * {@code device.publish}, {@code device.subscribe}, {@code gateway.publish}, {@code gateway.subscribe}, each a
 * comma-separated list (empty: nothing). Everything not allowed is denied.
 */
public final class TopicAcl {
  private final Map<ClientIdentity.Role, List<String>> publish = new EnumMap<>(ClientIdentity.Role.class);
  private final Map<ClientIdentity.Role, List<String>> subscribe = new EnumMap<>(ClientIdentity.Role.class);

  public static TopicAcl from(Properties p) {
    TopicAcl acl = new TopicAcl();
    for (ClientIdentity.Role r : ClientIdentity.Role.values()) {
      acl.publish.put(r, filters(p.getProperty(r.unit() + ".publish", "")));
      acl.subscribe.put(r, filters(p.getProperty(r.unit() + ".subscribe", "")));
    }
    return acl;
  }

  /** May {@code client} publish to {@code topic}? */
  public boolean mayPublish(ClientIdentity client, String topic) {
    return publish.get(client.role()).stream().anyMatch(f -> TopicFilters.matches(own(f, client), topic));
  }

  /** May {@code client} subscribe to {@code filter} (only if an allowed filter covers all of it)? */
  public boolean maySubscribe(ClientIdentity client, String filter) {
    return subscribe.get(client.role()).stream().anyMatch(f -> TopicFilters.covers(own(f, client), filter));
  }

  private static String own(String template, ClientIdentity client) {
    return template.replace("{id}", client.id());
  }

  private static List<String> filters(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
