#!/usr/bin/env bash
# Entry point of the Compose brokers: formats the storage on first start, with the admin's SCRAM
# credential in the cluster's first metadata (no broker could authenticate to create it later),
# then runs the broker. The password is passed from the environment, never printed.
set -euo pipefail
: "${KAFKA_CLUSTER_ID:?set KAFKA_CLUSTER_ID in .env (./fazhi broker --new-cluster-id prints one)}"
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD in .env}"
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$KAFKA_CLUSTER_ID" \
  --config /etc/kafka/fazhi/server.properties \
  --add-scram "SCRAM-SHA-512=[name=admin,password=\"$KAFKA_ADMIN_PASSWORD\"]" > /dev/null
exec /opt/kafka/bin/kafka-server-start.sh /etc/kafka/fazhi/server.properties
