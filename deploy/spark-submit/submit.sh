#!/usr/bin/env bash
# spark-submit of one of the platform's streaming jobs, from the shaded job jar (Spark provided).
#   deploy/spark-submit/submit.sh JOB [--available-now] [--conf key=value]... [-- spark-submit options...]
# JOB (main class):
#   bronze   io.iotlakehouse.streaming.job.BronzeJob    Kafka -> Delta bronze
#   silver   io.iotlakehouse.streaming.job.SilverJob    bronze -> silver, quarantine, duplicates
#   gold     io.iotlakehouse.streaming.job.GoldJob      silver -> rolling averages, turbofan health, fleet KPIs
#   hotpath  io.iotlakehouse.streaming.job.HotPathJob   Kafka -> Redis alerts and device state, alerts topic
# --available-now processes what the source holds now and stops (bronze, silver, gold); without it the job runs
# until SIGTERM, which stops its query cleanly (the next start resumes from the checkpoint).
# Environment:
#   SPARK_HOME               a Spark 3.5.x / Scala 2.12 distribution (required)
#   SPARK_MASTER             default local[*]; e.g. spark://host:7077, k8s://https://host:6443, yarn
#   LAKE_ROOT                lake.root: s3a://bucket/lake, abfss://..., gs://... or a shared path (required)
#   KAFKA_BOOTSTRAP_SERVERS  kafka.bootstrap-servers (bronze and hotpath: required)
#   REDIS_URL                redis.url (hotpath: required; others: optional, for pipeline health)
#   JOB_JAR                  the shaded jar (default deploy/jobs/target/deploy-jobs-*-spark.jar, built when missing)
#   SPARK_CONF_FILE          extra spark-defaults (--properties-file), e.g. the S3 settings of deploy/README.md
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
job="${1:?usage: submit.sh bronze|silver|gold|hotpath [--available-now] [--conf key=value]... [-- spark-submit options]}"
shift
case "$job" in
  bronze)  class=io.iotlakehouse.streaming.job.BronzeJob ;;
  silver)  class=io.iotlakehouse.streaming.job.SilverJob ;;
  gold)    class=io.iotlakehouse.streaming.job.GoldJob ;;
  hotpath) class=io.iotlakehouse.streaming.job.HotPathJob ;;
  *) echo "error: unknown job '$job': use bronze, silver, gold or hotpath" >&2; exit 2 ;;
esac
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5.x (Scala 2.12) distribution}"
: "${LAKE_ROOT:?set LAKE_ROOT to the lake root, e.g. s3a://lakehouse/lake}"
job_args=(--conf "lake.root=$LAKE_ROOT")
if [ "$job" = bronze ] || [ "$job" = hotpath ]; then
  : "${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS for the $job job}"
fi
[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ] && job_args+=(--conf "kafka.bootstrap-servers=$KAFKA_BOOTSTRAP_SERVERS")
if [ "$job" = hotpath ]; then
  : "${REDIS_URL:?set REDIS_URL for the hot path}"
fi
[ -n "${REDIS_URL:-}" ] && job_args+=(--conf "redis.url=$REDIS_URL")

spark_opts=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; spark_opts=("$@"); break; fi
  job_args+=("$1"); shift
done

jar="${JOB_JAR:-}"
if [ -z "$jar" ]; then
  jar=$(ls "$repo"/deploy/jobs/target/deploy-jobs-*-spark.jar 2>/dev/null | head -n1 || true)
  if [ -z "$jar" ]; then
    (cd "$repo" && ./mvnw -B -q -DskipTests -pl deploy/jobs -am package) >&2
    jar=$(ls "$repo"/deploy/jobs/target/deploy-jobs-*-spark.jar | head -n1)
  fi
fi
[ -n "${SPARK_CONF_FILE:-}" ] && spark_opts=(--properties-file "$SPARK_CONF_FILE" "${spark_opts[@]}")

exec "$SPARK_HOME/bin/spark-submit" \
  --master "${SPARK_MASTER:-local[*]}" \
  --name "lakehouse-$job" \
  --class "$class" \
  --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
  --conf spark.sql.session.timeZone=UTC \
  "${spark_opts[@]}" \
  "$jar" "${job_args[@]}"
