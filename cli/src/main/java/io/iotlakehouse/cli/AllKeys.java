package io.iotlakehouse.cli;

import io.iotlakehouse.batch.BatchKeys;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.dashboard.DashboardKeys;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.governance.GovernanceKeys;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.rollout.RolloutKeys;
import io.iotlakehouse.notebooks.NotebookKeys;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.HotPathKeys;
import io.iotlakehouse.streaming.SilverKeys;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.training.TrainingKeys;
import java.util.ArrayList;
import java.util.List;

/** Every config key of the platform: the lakehouse command validates all of them up front. */
final class AllKeys {
  private AllKeys() {}

  static List<ConfigKey<?>> list() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(StackKeys.keys());
    keys.addAll(SimulatorKeys.keys());
    keys.addAll(GatewayKeys.keys());
    keys.addAll(InferenceKeys.keys());
    keys.addAll(RolloutKeys.gatewayKeys());
    keys.addAll(RolloutKeys.controllerKeys());
    keys.addAll(StreamingKeys.keys());
    keys.addAll(SilverKeys.keys());
    keys.addAll(DashboardKeys.keys());
    keys.addAll(GoldKeys.keys());
    keys.addAll(HotPathKeys.keys());
    keys.addAll(TrainingKeys.keys());
    keys.addAll(GovernanceKeys.keys());
    keys.addAll(BatchKeys.keys());
    keys.addAll(NotebookKeys.keys());
    return keys;
  }
}
