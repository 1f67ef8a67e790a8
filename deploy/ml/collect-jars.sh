#!/usr/bin/env bash
# Collects everything the monthly retrain needs on top of a Spark 3.5 (Scala 2.12) distribution into one folder:
# the ml-training and streaming jars, ml-training's runtime dependencies (xgboost4j with its natives, the MLflow client and registry, common),
# and the jars Spark does not ship: delta-spark, delta-storage, xgboost4j-spark.
# Usage: deploy/ml/collect-jars.sh [OUT_DIR]   (default deploy/ml/target/jars)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$repo/deploy/ml/target/jars}"
mkdir -p "$out"
cd "$repo"
./mvnw -B -q -DskipTests -pl ml-training -am package
version=$(./mvnw -B -q -pl ml-training help:evaluate -Dexpression=project.version -DforceStdout)
cp "ml-training/target/ml-training-$version.jar" "$out/"
# the lake layout, version pins and lineage the job uses (streaming is provided in ml-training, for the edge's sake)
cp "streaming/target/streaming-$version.jar" "$out/"
# runtime scope = compile + runtime: no Spark, Delta or XGBoost4J-Spark (provided in ml-training)
./mvnw -B -q -pl ml-training dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out"
for artifact in io.delta:delta-spark_2.12:3.3.3 io.delta:delta-storage:3.3.3 ml.dmlc:xgboost4j-spark_2.12:3.4.0; do
  ./mvnw -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$out"
done
echo "$out"
