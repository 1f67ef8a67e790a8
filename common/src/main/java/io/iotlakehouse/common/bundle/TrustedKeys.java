package io.iotlakehouse.common.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public keys whose signatures a verifier accepts, by key id. Several at once is how keys rotate: trust the new
 * key next to the old one, sign new bundles with the new key, drop the old key once nothing signed by it is deployed.
 */
public final class TrustedKeys {
  private final Map<String, PublicKey> byId;

  private TrustedKeys(Map<String, PublicKey> byId) {
    this.byId = byId;
  }

  public static TrustedKeys of(Collection<PublicKey> keys) {
    Map<String, PublicKey> m = new LinkedHashMap<>();
    for (PublicKey k : keys) m.put(SigningKeys.keyId(k), k);
    return new TrustedKeys(m);
  }

  /** Reads PEM public key files ({@link SigningKeys#readPublic}). */
  public static TrustedKeys load(List<Path> files) throws IOException {
    List<PublicKey> keys = new java.util.ArrayList<>();
    for (Path f : files) keys.add(SigningKeys.readPublic(f));
    return of(keys);
  }

  /** The key with this id, or null. */
  PublicKey get(String keyId) {
    return byId.get(keyId);
  }

  public Set<String> ids() {
    return byId.keySet();
  }
}
