#!/bin/sh
# One shard of a sweep, in a container of an AWS Batch array job or a Kubernetes Indexed Job.
#   run-shard SWEEP_FILE DEST
# The shard (I of N) comes from the environment: AWS_BATCH_JOB_ARRAY_INDEX/SIZE (AWS Batch), or
# JOB_COMPLETION_INDEX with SHARDS=N (Kubernetes). DEST is where every shard's directory goes:
#   s3://bucket/prefix  → copied there as shard-<I>-of-<N>/ (AWS CLI, the job role's credentials)
#   /a/shared/path      → written there as shard-<I>-of-<N>/ (a volume every pod mounts)
# Merge once all shards are done:  batchsim sweep merge DEST/shard-*   (download from S3 first)
set -eu
sweep="$1"
dest="$2"
if [ -n "${AWS_BATCH_JOB_ARRAY_INDEX:-}" ]; then
  i="$AWS_BATCH_JOB_ARRAY_INDEX"; n="$AWS_BATCH_JOB_ARRAY_SIZE"
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  i="$JOB_COMPLETION_INDEX"; n="${SHARDS:?set SHARDS to the Indexed Job's completions}"
else
  echo "run-shard: no AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX: not an array job" >&2; exit 2
fi
name="shard-$i-of-$n"
case "$dest" in
  s3://*)
    out="/tmp/$name"
    batchsim sweep "$sweep" --shard "$i/$n" --out "$out"
    aws s3 cp --recursive "$out" "$dest/$name"
    ;;
  *)
    batchsim sweep "$sweep" --shard "$i/$n" --out "$dest/$name"
    ;;
esac
