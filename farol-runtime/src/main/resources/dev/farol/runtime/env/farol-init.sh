#!/bin/bash
# Starts one Lambda execution environment, the way the Lambda service does inside its sandbox:
#   1. loopback forwards (isolated mode): 127.0.0.1:PORT inside -> a Unix socket of the host,
#      so the Runtime API answers on 127.0.0.1:9001 in every sandbox without port clashes;
#   2. the external extensions found in the layers (opt/extensions), each with its own output pipe
#      and without the runtime-only variables;
#   3. once the host says go (all extensions registered), the runtime itself, writing to the named
#      pipe runtime.out, which it alone holds open, so Farol sees it end; its exit status is left in $FAROL_CONTROL/runtime.exit
#      and the sandbox stays up for the extensions' shutdown until Farol ends it.
# Inputs, all set by Farol: FAROL_CONTROL (control directory), FAROL_FORWARDS ("port:socket ..."),
# FAROL_EXTENSIONS_DIR, FAROL_EXTENSIONS ("name ..."), and the runtime command line as arguments.
set -u
ctl="$FAROL_CONTROL"
forwards="${FAROL_FORWARDS:-}"
extensions="${FAROL_EXTENSIONS:-}"
extdir="${FAROL_EXTENSIONS_DIR:-}"
unset FAROL_CONTROL FAROL_FORWARDS FAROL_EXTENSIONS FAROL_EXTENSIONS_DIR

for f in $forwards; do
  socat -lf /dev/null "TCP-LISTEN:${f%%:*},bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$(case "${f#*:}" in /*) echo "${f#*:}";; *) echo "$ctl/${f#*:}";; esac)" >/dev/null 2>&1 </dev/null &
done
for f in $forwards; do
  hex=$(printf ':%04X 00000000:0000 0A' "${f%%:*}")
  for _ in $(seq 1 400); do
    grep -q "$hex" /proc/net/tcp 2>/dev/null && break
    sleep 0.005
  done
done

# commands from Farol through the pipe $ctl/cmd (held open read-write, so writers never block):
#   forward PORT   make 127.0.0.1:PORT of this sandbox reachable from the host as $ctl/in-PORT.sock
#                  (the Telemetry API delivers to extensions' listeners this way)
if [ -p "$ctl/cmd" ]; then
  exec 3<>"$ctl/cmd"
  (
    while read -r verb arg <&3; do
      case "$verb" in
        forward)
          case "$arg" in
            ''|*[!0-9]*) ;;
            *) socat -lf /dev/null "UNIX-LISTEN:$ctl/in-$arg.sock,fork,unlink-early" "TCP:127.0.0.1:$arg" \
                 >/dev/null 2>&1 </dev/null & ;;
          esac ;;
      esac
    done
  ) >/dev/null 2>&1 &
  exec 3<&-
fi

if [ -n "$extensions" ]; then
  for name in $extensions; do
    env -u _HANDLER -u LAMBDA_TASK_ROOT -u LAMBDA_RUNTIME_DIR -u AWS_EXECUTION_ENV \
        -u AWS_LAMBDA_LOG_GROUP_NAME -u AWS_LAMBDA_LOG_STREAM_NAME -u AWS_XRAY_CONTEXT_MISSING \
        -u AWS_XRAY_DAEMON_ADDRESS -u _AWS_XRAY_DAEMON_ADDRESS -u _AWS_XRAY_DAEMON_PORT \
        "$extdir/$name" >"$ctl/ext-$name.out" 2>&1 </dev/null &
  done
  read -r _ <"$ctl/go"
fi

"$@" >"$ctl/runtime.out" 2>&1 </dev/null &
rt=$!
echo "$rt" >"$ctl/runtime.pid"
wait "$rt" 2>/dev/null
code=$?
echo "$code" >"$ctl/runtime.exit"
wait
exit "$code"
