#!/usr/bin/env bash
# spark-submit of one batch job. Usage:
#   SPARK_HOME=/opt/spark LAKE_ROOT=s3a://bucket/lake deploy/batch/spark-submit-batch.sh JOB [--conf key=value ...]
# JOB: compact | vacuum | tier | iceberg-sync | backfill | report. Arguments after JOB go to the job (--conf, --config-file).
# Spark settings come from SPARK_SUBMIT_OPTS_EXTRA (e.g. "--master k8s://... --conf spark.executor.instances=4").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5.x (Scala 2.12) distribution}"
: "${LAKE_ROOT:?set LAKE_ROOT to the lake root (the streaming jobs' lake.root)}"
jars="${BATCH_JARS:-$here/target/jars}"
[ -d "$jars" ] || { echo "error: no jars in $jars: run deploy/batch/collect-jars.sh first (or set BATCH_JARS)" >&2; exit 2; }
job="${1:?usage: spark-submit-batch.sh compact|vacuum|tier|iceberg-sync|backfill|report [--conf key=value ...]}"
shift
case "$job" in
  compact) class=io.iotlakehouse.batch.job.CompactJob ;;
  vacuum) class=io.iotlakehouse.batch.job.VacuumJob ;;
  tier) class=io.iotlakehouse.batch.job.TierJob ;;
  iceberg-sync) class=io.iotlakehouse.batch.job.IcebergSyncJob ;;
  backfill) class=io.iotlakehouse.batch.job.BackfillJob ;;
  report) class=io.iotlakehouse.batch.job.FleetReportJob ;;
  *) echo "error: unknown job '$job': use compact, vacuum, tier, iceberg-sync, backfill or report" >&2; exit 2 ;;
esac
app=$(ls "$jars"/batch-*.jar | head -n1)
others=$(ls "$jars"/*.jar | grep -v "/batch-" | paste -sd, -)
# shellcheck disable=SC2086
exec "$SPARK_HOME/bin/spark-submit" --class "$class" --name "lakehouse-batch-$job" ${SPARK_SUBMIT_OPTS_EXTRA:-} \
  --jars "$others" \
  --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension,org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
  "$app" --conf "lake.root=$LAKE_ROOT" "$@"
