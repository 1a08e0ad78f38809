#!/usr/bin/env bash
# Starts Redis (6379), NATS (4222) and RabbitMQ (5672) on 127.0.0.1 when they are not answering,
# installing them from Debian's packages when absent. Run by .ci/run; safe to run again. (Without it
# the tests start brokers of their own from these programs: dev.skein.testkit.SharedBrokers.)
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name port seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do answers "$2" && return 0; sleep 0.1; done
  echo "ci: $1 did not start on 127.0.0.1:$2 within $3 s" >&2
  return 1
}

apt_updated=no
install() { # package...
  if [ "$apt_updated" = no ]; then apt-get update -qq >/dev/null; apt_updated=yes; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! answers 6379; then
  command -v redis-server >/dev/null || install redis-server
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for redis 6379 20
fi

if ! answers 4222; then
  command -v nats-server >/dev/null || install nats-server
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec "$(command -v nats-server)" -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_for nats 4222 20
fi

if ! answers 5672; then
  command -v rabbitmq-server >/dev/null || install rabbitmq-server
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  rabbitmq-server -detached
  wait_for rabbitmq 5672 90
fi
