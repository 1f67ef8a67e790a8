package io.iotlakehouse.registry.server.store;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Random run names in MLflow's {@code adjective-noun-number} style, used when a run is created without a name. */
final class RunNames {
  private static final List<String> ADJECTIVES = List.of("able", "brave", "bright", "calm", "clean", "clever",
      "gentle", "handsome", "honest", "kindly", "lively", "polite", "rare", "shy", "smiling", "sneaky", "thoughtful",
      "unique", "upbeat", "valuable", "wise", "youthful", "zealous", "bemused", "capable", "dapper", "fearless");
  private static final List<String> NOUNS = List.of("ant", "bass", "bat", "bear", "bee", "cat", "cod", "colt",
      "crab", "crane", "deer", "doe", "eel", "finch", "fox", "goat", "hare", "hawk", "koi", "lark", "lynx", "mole",
      "owl", "ram", "seal", "shark", "slug", "snail", "toad", "trout", "whale", "wolf", "worm", "yak", "zebra");

  private RunNames() {
  }

  static String random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
        + random.nextInt(1000);
  }
}
