#!/bin/sh
# Runs a sweep as an AWS Batch array job of 10 shards, then merges them on this machine.
set -eu
aws batch register-job-definition --cli-input-json file://docs/examples/aws-batch-job-definition.json
aws batch submit-job \
  --job-name gpu-training-plan \
  --job-queue my-queue \
  --job-definition batchsim-sweep-shard \
  --array-properties size=10 \
  --parameters sweep=scenarios/sweeps/gpu-training-plan.yaml,dest=s3://my-bucket/sweeps/gpu-training-plan
# When the array job has SUCCEEDED:
#   aws s3 cp --recursive s3://my-bucket/sweeps/gpu-training-plan ./shards
#   batchsim sweep merge ./shards/shard-*
