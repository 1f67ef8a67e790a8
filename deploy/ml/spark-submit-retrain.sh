#!/usr/bin/env bash
# Runs the monthly predictive-maintenance retrain with spark-submit.
#   deploy/ml/spark-submit-retrain.sh [--month YYYY-MM] [--gold-version N] [--conf key=value]...
# --month defaults to the month that just ended (UTC). Environment:
#   SPARK_HOME            a Spark 3.5.x / Scala 2.12 distribution (spark-submit is $SPARK_HOME/bin/spark-submit)
#   SPARK_MASTER          default local[*]; e.g. spark://host:7077 or k8s://https://...
#   GOLD_TABLE            the gold job's turbofan_health Delta table (path or s3a:/abfss:/gs: URI), required
#   MLFLOW_TRACKING_URI   http(s) URL of the MLflow server (started with --serve-artifacts), required
#   JARS_DIR              jars from collect-jars.sh (default deploy/ml/target/jars; collected when missing)
#   LAKE_ROOT             the lake's root (optional): the gold version read is pinned in <LAKE_ROOT>/maintenance/version_pins
#                         when GOLD_TABLE lies under it, so VACUUM keeps it; unset, the job logs that it did not pin
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5.x (Scala 2.12) distribution}"
: "${GOLD_TABLE:?set GOLD_TABLE to the gold turbofan_health table, e.g. s3a://lake/gold/turbofan_health}"
: "${MLFLOW_TRACKING_URI:?set MLFLOW_TRACKING_URI to the MLflow server, e.g. http://mlflow:5000}"
jars_dir="${JARS_DIR:-$here/target/jars}"
[ -d "$jars_dir" ] || "$here/collect-jars.sh" "$jars_dir" >/dev/null

args=("$@")
if [[ " $* " != *" --month "* ]]; then
  args+=(--month "$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)")
fi
app_jar=$(ls "$jars_dir"/ml-training-*.jar | head -n1)
jars=$(ls "$jars_dir"/*.jar | grep -v "/ml-training-" | paste -sd, -)

exec "$SPARK_HOME/bin/spark-submit" \
  --master "${SPARK_MASTER:-local[*]}" \
  --name lakehouse-ml-retrain \
  --class io.iotlakehouse.training.retrain.RetrainJob \
  --jars "$jars" \
  --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
  --conf spark.sql.session.timeZone=UTC \
  "$app_jar" \
  --conf ml.retrain.gold-table="$GOLD_TABLE" \
  --conf mlflow.tracking-uri="$MLFLOW_TRACKING_URI" \
  ${LAKE_ROOT:+--conf lake.root="$LAKE_ROOT"} \
  "${args[@]}"
