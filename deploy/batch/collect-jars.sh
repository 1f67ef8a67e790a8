#!/usr/bin/env bash
# Collects what the batch jobs need on top of a Spark 3.5 (Scala 2.12) distribution into one folder: the batch,
# streaming and common jars, and the jars Spark does not ship: delta-spark, delta-storage and Iceberg's Spark runtime.
# Usage: deploy/batch/collect-jars.sh [OUT_DIR]   (default deploy/batch/target/jars)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$repo/deploy/batch/target/jars}"
mkdir -p "$out"
cd "$repo"
./mvnw -B -q -DskipTests -pl batch -am package
version=$(./mvnw -B -q -pl batch help:evaluate -Dexpression=project.version -DforceStdout)
for module in common streaming batch; do cp "$module/target/$module-$version.jar" "$out/"; done
for artifact in io.delta:delta-spark_2.12:3.3.3 io.delta:delta-storage:3.3.3 \
    org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.12.0; do
  ./mvnw -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$out"
done
echo "$out"
