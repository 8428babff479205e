# Shared helpers for the .ci scripts. Source it; it defines functions and the cache layout only.
# shellcheck shell=bash disable=SC2034,SC2015

CABINET_CI_CACHE=${CABINET_CI_CACHE:-$HOME/.cache/cabinet-ci}
export CABINET_CI_CACHE
mkdir -p "$CABINET_CI_CACHE/bin"
case ":$PATH:" in
*":$CABINET_CI_CACHE/bin:"*) ;;
*) PATH="$CABINET_CI_CACHE/bin:$PATH" ;;
esac
case ":$PATH:" in
*":$CABINET_CI_CACHE/npm/bin:"*) ;;
*) PATH="$CABINET_CI_CACHE/npm/bin:$PATH" ;;
esac
export PATH

# Logs go to stderr: the start-* scripts keep stdout for `export` lines.
ci_log() { printf '[ci %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
ci_die() {
    ci_log "ERROR: $*"
    exit 1
}

# free_port PREFERRED: prints PREFERRED if nothing listens on 127.0.0.1:PREFERRED, else a free ephemeral port.
# There is a window between this probe and the server binding; callers retry on a bind failure.
free_port() {
    python3 - "$1" <<'EOF'
import socket, sys
def try_bind(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Servers (tokio, libuv) bind with SO_REUSEADDR: a port held only by TIME_WAIT is usable.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
        return s.getsockname()[1]
    except OSError:
        return None
    finally:
        s.close()
port = try_bind(int(sys.argv[1])) or try_bind(0)
print(port)
EOF
}

# http_status URL: prints the HTTP status code (000 when nothing answers).
http_status() {
    python3 - "$1" <<'EOF'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
EOF
}

# tcp_banner HOST PORT: prints the first line the server sends (e.g. an SMTP greeting), fails if none.
tcp_banner() {
    python3 - "$1" "$2" <<'EOF'
import socket, sys
with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3) as s:
    s.settimeout(3)
    line = s.makefile("rb").readline().decode(errors="replace").strip()
if not line:
    sys.exit(1)
print(line)
EOF
}

# stop_service DIR: kills the process whose pid is in DIR/pid (TERM, then KILL after 10 s) and removes DIR.
stop_service() {
    local dir=$1 pid i
    [[ -n $dir && -d $dir ]] || return 0
    if [[ -f $dir/pid ]]; then
        pid=$(<"$dir/pid")
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for i in $(seq 100); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf -- "$dir"
}

# register_service DIR: notes DIR in $CABINET_CI_SERVICES_FILE (set by .ci/run) so that the run's exit
# trap stops the service even if the run is interrupted before it has read the start script's output.
register_service() {
    if [[ -n ${CABINET_CI_SERVICES_FILE:-} ]]; then
        echo "$1" >>"$CABINET_CI_SERVICES_FILE"
    fi
}

# reap_stale PREFIX: removes temp dirs PREFIX.* left by earlier runs whose process is gone.
# A dir without a pid file is left alone (it may belong to a run that is starting right now).
reap_stale() {
    local d pid
    for d in "$1".*; do
        [[ -d $d && -f $d/pid ]] || continue
        pid=$(<"$d/pid")
        if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
            rm -rf -- "$d"
        fi
    done
}

# print_export NAME...: prints `export NAME=value` lines, shell-quoted, for eval.
print_export() {
    local n
    for n in "$@"; do
        printf 'export %s=%q\n' "$n" "${!n}"
    done
}
