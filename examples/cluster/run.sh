#!/usr/bin/env bash
# Starts the three-instance demo cluster (alpha, beta, gamma) on this host and stays in the
# foreground; Ctrl-C stops all three. Logs go to examples/cluster/run/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="$here/../../dist/flotilla"
pids=()
stop() {
  trap - INT TERM EXIT
  kill -TERM "${pids[@]}" 2>/dev/null
  wait
}
trap stop INT TERM EXIT
for nick in alpha beta gamma; do
  "$bin" serve -c "$here/$nick.conf" &
  pids+=($!)
done
cat <<MSG
Demo cluster started: alpha http://127.0.0.1:9011, beta :9021, gamma :9031 (Ctrl-C stops it).
  Dashboard: open http://127.0.0.1:9011/ in a browser (every instance serves it, live)
  ./dist/flotilla ctl -s http://127.0.0.1:9011 sstate            the cluster state and its Master
  ./dist/flotilla ctl -s http://127.0.0.1:9021 instance_status   the three instances
  supervisorctl -s http://127.0.0.1:9031 status                  Supervisor's own client works too
  ./dist/flotilla check -c examples/cluster/alpha.conf           programs.ini and rules.xml as read
MSG
wait -n "${pids[@]}"
