#!/usr/bin/env bash
# Runs the conformance suite's issuer cases over HTTP against a real
# `iamgate serve` process: builds the binary, serves the suite world on a
# free 127.0.0.1 port with a temporary data directory, runs
# `iamgate conformance --endpoint`, then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true

work="$(mktemp -d)"
server_pid=""
cleanup() {
	if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid"
		wait "$server_pid" || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/iamgate" ./cmd/iamgate

"$work/iamgate" serve \
	--config conformance/suite/issuer/suite.world.yaml \
	--addr 127.0.0.1:0 \
	--data-dir "$work/data" \
	2>"$work/serve.log" &
server_pid=$!

# serve logs "iamgate serve started" with addr=HOST:PORT once it listens.
addr=""
for _ in $(seq 1 100); do
	addr="$(sed -n 's/.*iamgate serve started.* addr=\([0-9.:]*\).*/\1/p' "$work/serve.log" | head -n 1)"
	[[ -n "$addr" ]] && break
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "conformance-http: iamgate serve exited early:" >&2
		cat "$work/serve.log" >&2
		exit 1
	fi
	sleep 0.1
done
if [[ -z "$addr" ]]; then
	echo "conformance-http: iamgate serve did not report its address within 10 s:" >&2
	cat "$work/serve.log" >&2
	exit 1
fi

status=0
"$work/iamgate" conformance conformance/suite --endpoint "http://$addr" "$@" || status=$?
if [[ $status -ne 0 ]]; then
	echo "conformance-http: server log:" >&2
	tail -n 50 "$work/serve.log" >&2
fi
exit $status
