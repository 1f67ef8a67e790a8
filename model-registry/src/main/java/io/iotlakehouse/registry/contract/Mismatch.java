package io.iotlakehouse.registry.contract;

/** One exchange whose reply differed from the recording: its step, its name and what differed. */
public record Mismatch(int step, String name, String difference) {
  @Override
  public String toString() {
    return "step " + step + " (" + name + "): " + difference;
  }
}
