#!/usr/bin/env bash
# bench/run.sh — the benchmarks side by side (./lab bench runs this). See bench/README.md.
#
#   bench/run.sh [--quick] [all|pingpong|fanout|stress|profile|syscalls|framework]...
#
# --quick: one run per case and short durations (smoke testing; not for the table).
# framework: the framework's echo against Asio's at 100 and 1000 connections, ping-pong then
#   syscalls per message (the table of bench/README.md's "The framework echo").
# The build directory is $LAB_BUILD (default: the repository's build/). LAB_BASE_BUILD=DIR
# adds that build's framework echo as base-net-epoll / base-net-uring, side by side in the same
# run (a tree before a change: `git worktree add` it and build iocplab-bench-net-echo there).
# Results (markdown) are printed and also written to $LAB_BUILD/bench-results/.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
BUILD="${LAB_BUILD:-$HERE/../build}"
BIN="$BUILD/bin"
BASE_BIN=""
if [ -n "${LAB_BASE_BUILD:-}" ]; then
  BASE_BIN="$(cd "$LAB_BASE_BUILD" && pwd)/bin"
  [ -x "$BASE_BIN/iocplab-bench-net-echo" ] || { echo "run.sh: no $BASE_BIN/iocplab-bench-net-echo (LAB_BASE_BUILD)" >&2; exit 2; }
fi
OUT_DIR="$BUILD/bench-results"
WORK="$(mktemp -d)"
PIDS=()

QUICK=0
WHAT=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    all|pingpong|fanout|stress|profile|syscalls|framework) WHAT+=("$a") ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$a'" >&2; exit 2 ;;
  esac
done
[ ${#WHAT[@]} -eq 0 ] && WHAT=(all)

if [ "$QUICK" = 1 ]; then
  RUNS=1; PP_SECONDS=1; PP_WARMUP=0.3; FO_SECONDS=1; FO_WARMUP=0.3
  STRESS_MAX=1000; STRESS_HOLD=2
else
  # Short on purpose: the lab machine is small and shared (about 7 minutes in all).
  RUNS=3; PP_SECONDS=2; PP_WARMUP=0.5; FO_SECONDS=2; FO_WARMUP=0.5
  STRESS_MAX=8000; STRESS_HOLD=3
fi
FO_CONNS=1000; FO_K=10

say() { printf 'bench: %s\n' "$*" >&2; }

cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Server on CPU 0, load on CPU 1 when there are two or more cores; one worker thread each.
CORES="$(nproc)"
# With more cores the ping-pong client gets all but CPU 0 and one thread per core (its
# --threads), so that messages/s measures the server, not one client core.
# LAB_PP_THREADS overrides the thread count.
if [ "$CORES" -ge 3 ] && command -v taskset >/dev/null; then
  PIN_SERVER=(taskset -c 0); PIN_CLIENT=(taskset -c "1-$((CORES - 1))")
  PINNING="server on CPU 0, load client on CPUs 1-$((CORES - 1)) (taskset)"
elif [ "$CORES" -ge 2 ] && command -v taskset >/dev/null; then
  PIN_SERVER=(taskset -c 0); PIN_CLIENT=(taskset -c 1); PINNING="server on CPU 0, load client on CPU 1 (taskset)"
else
  PIN_SERVER=(); PIN_CLIENT=(); PINNING="not pinned (fewer than 2 cores or no taskset)"
fi
WORKERS=1
PP_THREADS="${LAB_PP_THREADS:-$(( CORES > 2 ? CORES - 1 : 1 ))}"

pp_threads() {  # pp_threads CONNS: the client's threads, never more than connections
  local c="$1"; [ "$PP_THREADS" -gt "$c" ] && echo "$c" || echo "$PP_THREADS"
}

need() {  # need BINARY...: every benchmark binary must be built
  local b
  for b in "$@"; do
    [ -x "$BIN/$b" ] || { say "missing $BIN/$b — build first (./lab build, or cmake --build $BUILD)"; exit 1; }
  done
}

# start_server NAME CMD...: runs CMD in the background, waits for "listening on PORT".
# Sets SPID, SPORT, and SOUT / SERR (fresh files for every start, so a previous server's
# line can never be read).
SERVER_SEQ=0
start_server() {
  local name="$1"; shift
  SERVER_SEQ=$((SERVER_SEQ + 1))
  SOUT="$WORK/$name-$SERVER_SEQ.out"; SERR="$WORK/$name-$SERVER_SEQ.err"
  : >"$SOUT"
  "$@" >"$SOUT" 2>"$SERR" &
  SPID=$!
  PIDS+=("$SPID")
  local i
  for i in $(seq 1 100); do
    SPORT="$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$SOUT" 2>/dev/null | head -n1)"
    [ -n "$SPORT" ] && return 0
    kill -0 "$SPID" 2>/dev/null || { cat "$SERR" >&2; say "$name exited at start"; return 1; }
    sleep 0.1
  done
  say "$name did not print 'listening on <port>' within 10 s"
  return 1
}
stop_server() { kill -INT "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; }

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2" | head -n1; }   # field NAME "k=v k=v"

machine_header() {
  local cpu
  cpu="$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n1)"
  echo "- machine: $CORES cores (${cpu:-unknown CPU}), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), mode: $([ "$QUICK" = 1 ] && echo "QUICK (1 run, ${PP_SECONDS}s)" || echo "full (median of $RUNS runs)")"
  echo "- pinning: $PINNING; worker threads: $WORKERS for our server and for Asio (pinned to one core)"
}

# ---------------------------------------------------------------- ping-pong
# iocp-*: the lean echo on iocp.h; iocp-epoll-ex: the same, dequeuing up to 64 completions
# per GetQueuedCompletionStatusEx; net-*: the echo on the framework (iocplab::net).
PP_SERVERS=(iocp-epoll iocp-epoll-ex iocp-uring net-epoll net-uring asio epoll)
PP_OURS=(iocp-epoll iocp-epoll-ex iocp-uring net-epoll net-uring)
PP_SIZES=(128 16384)
PP_CONNS=(1 100 1000)
if [ -n "$BASE_BIN" ]; then PP_SERVERS+=(base-net-epoll base-net-uring); PP_OURS+=(base-net-epoll base-net-uring); fi

pp_server_cmd() {
  case "$1" in
    iocp-epoll) echo "$BIN/iocplab-bench-iocp-echo --threads $WORKERS --engine epoll" ;;
    iocp-epoll-ex) echo "$BIN/iocplab-bench-iocp-echo --threads $WORKERS --engine epoll --batch 64" ;;
    iocp-uring) echo "$BIN/iocplab-bench-iocp-echo --threads $WORKERS --engine uring" ;;
    net-epoll) echo "$BIN/iocplab-bench-net-echo --threads $WORKERS --engine epoll" ;;
    net-uring) echo "$BIN/iocplab-bench-net-echo --threads $WORKERS --engine uring" ;;
    base-net-epoll) echo "$BASE_BIN/iocplab-bench-net-echo --threads $WORKERS --engine epoll" ;;
    base-net-uring) echo "$BASE_BIN/iocplab-bench-net-echo --threads $WORKERS --engine uring" ;;
    asio) echo "$BIN/iocplab-bench-asio-echo --threads $WORKERS" ;;
    epoll) echo "$BIN/iocplab-bench-epoll-echo" ;;
  esac
}

CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() {  # utime + stime of a process, in clock ticks
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# framework: the framework's echo (and the base build's) against Asio, as issue 11 measures it.
framework_servers() {
  PP_SERVERS=(asio net-epoll net-uring); PP_OURS=(net-epoll net-uring)
  [ -n "$BASE_BIN" ] && { PP_SERVERS+=(base-net-epoll base-net-uring); PP_OURS+=(base-net-epoll base-net-uring); }
  PP_CONNS=(100 1000)
}

# The framework echo exists only when iocplab::net is built.
drop_net_if_missing() {
  [ -x "$BIN/iocplab-bench-net-echo" ] && return 0
  say "no $BIN/iocplab-bench-net-echo (iocplab::net not built): the net-* columns are left out"
  PP_SERVERS=(iocp-epoll iocp-epoll-ex iocp-uring asio epoll)
  PP_OURS=(iocp-epoll iocp-epoll-ex iocp-uring)
}

pp_client_flags() {  # the framework's echo needs framed messages
  case "$1" in net-*|base-net-*) echo "--framed 1" ;; *) echo "--framed 0" ;; esac
}

# Median of the numbers on stdin (the lower middle for an even count).
median() { sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'; }

pingpong() {
  need iocplab-bench-pingpong iocplab-bench-iocp-echo iocplab-bench-asio-echo iocplab-bench-epoll-echo
  drop_net_if_missing
  local raw="$WORK/pingpong.raw" run server size conns line
  : >"$raw"
  for run in $(seq 1 "$RUNS"); do
    for server in "${PP_SERVERS[@]}"; do
      # shellcheck disable=SC2046
      start_server "$server" "${PIN_SERVER[@]}" $(pp_server_cmd "$server") || continue
      for size in "${PP_SIZES[@]}"; do
        for conns in "${PP_CONNS[@]}"; do
          local cpu0 cpu1
          cpu0="$(cpu_ticks "$SPID")"
          if line="$("${PIN_CLIENT[@]}" "$BIN/iocplab-bench-pingpong" --port "$SPORT" --conns "$conns" --size "$size" \
                      --seconds "$PP_SECONDS" --warmup "$PP_WARMUP" --threads "$(pp_threads "$conns")" \
                      $(pp_client_flags "$server") 2>"$WORK/client.err")"; then
            cpu1="$(cpu_ticks "$SPID")"
            # Server CPU µs per echoed message, warm-up included on both sides.
            local us_per_msg
            us_per_msg="$(awk -v t=$((cpu1 - cpu0)) -v hz="$CLK_TCK" -v n="$(field all_echoes "$line")" 'BEGIN { if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "-" }')"
            echo "$server $size $conns $(field msgs_per_s "$line") $(field p50_us "$line") $(field p99_us "$line") $us_per_msg" >>"$raw"
            say "run $run $server M=$size C=$conns: $line server_cpu_us_per_msg=$us_per_msg"
          else
            say "run $run $server M=$size C=$conns failed: $(cat "$WORK/client.err")"
          fi
        done
      done
      stop_server
    done
  done
  cp "$raw" "$OUT_DIR/pingpong-raw.txt"

  echo "### Ping-pong (messages/s, median of $RUNS; p50/p99 round trip in µs)"
  echo
  machine_header
  echo
  local s m pair
  local refs=(asio)
  [[ " ${PP_SERVERS[*]} " == *" epoll "* ]] && refs+=(epoll)
  declare -A med=()
  printf '| M | C |'; for s in "${PP_SERVERS[@]}"; do printf ' %s |' "$s"; done; echo
  printf '|---|---|'; for _ in "${PP_SERVERS[@]}"; do printf -- '---|'; done; echo
  for size in "${PP_SIZES[@]}"; do
    for conns in "${PP_CONNS[@]}"; do
      printf '| %s | %s |' "$size" "$conns"
      for s in "${PP_SERVERS[@]}"; do
        m="$(awk -v s="$s" -v z="$size" -v c="$conns" '$1==s && $2==z && $3==c {print $4}' "$raw" | median)"
        med["$s $size $conns"]="$m"
        printf ' %s (%s/%s) |' "$m" \
          "$(awk -v s="$s" -v z="$size" -v c="$conns" '$1==s && $2==z && $3==c {print $5}' "$raw" | median)" \
          "$(awk -v s="$s" -v z="$size" -v c="$conns" '$1==s && $2==z && $3==c {print $6}' "$raw" | median)"
      done
      echo
    done
  done
  echo
  echo "Server CPU time per echoed message, µs (median; lower is better). On a shared machine this"
  echo "is steadier than messages/s: time the server spends waiting for a CPU is not counted."
  echo
  printf '| M | C |'; for s in "${PP_SERVERS[@]}"; do printf ' %s |' "$s"; done; echo
  printf '|---|---|'; for _ in "${PP_SERVERS[@]}"; do printf -- '---|'; done; echo
  declare -A cpu=()
  for size in "${PP_SIZES[@]}"; do
    for conns in "${PP_CONNS[@]}"; do
      printf '| %s | %s |' "$size" "$conns"
      for s in "${PP_SERVERS[@]}"; do
        m="$(awk -v s="$s" -v z="$size" -v c="$conns" '$1==s && $2==z && $3==c && $7 != "-" {print $7}' "$raw" | median)"
        cpu["$s $size $conns"]="$m"
        printf ' %s |' "$m"
      done
      echo
    done
  done
  echo
  echo "Ratios, messages/s (ours / Asio, ours / bare epoll loop; above 1 is better for ours):"
  echo
  printf '| M | C |'; for s in "${PP_OURS[@]}"; do for pair in "${refs[@]}"; do printf ' %s / %s |' "$s" "$pair"; done; done; echo
  printf '|---|---|'; for _ in "${PP_OURS[@]}"; do for _ in "${refs[@]}"; do printf -- '---|'; done; done; echo
  for size in "${PP_SIZES[@]}"; do
    for conns in "${PP_CONNS[@]}"; do
      printf '| %s | %s |' "$size" "$conns"
      for s in "${PP_OURS[@]}"; do
        for pair in "${refs[@]}"; do
          awk -v a="${med["$s $size $conns"]}" -v b="${med["$pair $size $conns"]}" \
            'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf " %.2fx |", a / b; else printf " - |" }'
        done
      done
      echo
    done
  done
  echo
  echo "Ratios, CPU efficiency (Asio's or the bare loop's CPU µs per message / ours; above 1 is better for ours):"
  echo
  printf '| M | C |'; for s in "${PP_OURS[@]}"; do for pair in "${refs[@]}"; do printf ' %s vs %s |' "$s" "$pair"; done; done; echo
  printf '|---|---|'; for _ in "${PP_OURS[@]}"; do for _ in "${refs[@]}"; do printf -- '---|'; done; done; echo
  for size in "${PP_SIZES[@]}"; do
    for conns in "${PP_CONNS[@]}"; do
      printf '| %s | %s |' "$size" "$conns"
      for s in "${PP_OURS[@]}"; do
        for pair in "${refs[@]}"; do
          awk -v a="${cpu["$s $size $conns"]}" -v b="${cpu["$pair $size $conns"]}" \
            'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a > 0) printf " %.2fx |", b / a; else printf " - |" }'
        done
      done
      echo
    done
  done
  echo
  if [ -n "$BASE_BIN" ]; then
    echo "Against the base build ($LAB_BASE_BUILD): its CPU µs per message / this build's (above 1: this build costs less):"
    echo
    echo '| M | C | net-epoll | net-uring |'
    echo '|---|---|---|---|'
    for size in "${PP_SIZES[@]}"; do
      for conns in "${PP_CONNS[@]}"; do
        printf '| %s | %s |' "$size" "$conns"
        for s in net-epoll net-uring; do
          awk -v a="${cpu["$s $size $conns"]:-}" -v b="${cpu["base-$s $size $conns"]:-}" \
            'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a > 0) printf " %.2fx |", b / a; else printf " - |" }'
        done
        echo
      done
    done
    echo
  fi
  echo "Commands (per cell): \`${PIN_SERVER[*]} <server> --threads $WORKERS\` then \`${PIN_CLIENT[*]} iocplab-bench-pingpong --port P --conns C --size M --seconds $PP_SECONDS --warmup $PP_WARMUP --threads $PP_THREADS (at most C) [--framed 1 for net-*]\`; servers: iocp-epoll = \`iocplab-bench-iocp-echo --engine epoll\`, iocp-epoll-ex = the same with \`--batch 64\`, iocp-uring = \`--engine uring\`, net-epoll/net-uring = \`iocplab-bench-net-echo --engine epoll|uring\`, asio = \`iocplab-bench-asio-echo\`, epoll = \`iocplab-bench-epoll-echo\`."
  echo
}

# ---------------------------------------------------------------- fan-out
PERF_OK=0
if command -v perf >/dev/null && perf stat -e raw_syscalls:sys_enter true >/dev/null 2>&1; then PERF_OK=1; fi
FO_EVENTS="raw_syscalls:sys_enter,syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_writev,syscalls:sys_enter_io_uring_enter"

perf_count() {  # perf_count FILE EVENT -> the count perf stat -x, wrote
  awk -F, -v e="$2" '$3 == e {print $1}' "$1" | head -n1
}

fanout() {
  need iocplab-bench-fanout-server iocplab-bench-fanout-client
  local raw="$WORK/fanout.raw" run engine mode line cline perf_file
  : >"$raw"
  for run in $(seq 1 "$RUNS"); do
    for engine in epoll uring; do
      for mode in single gathered; do
        perf_file="$WORK/perf-$engine-$mode.csv"
        local wrap=()
        [ "$PERF_OK" = 1 ] && wrap=(perf stat -x, -e "$FO_EVENTS" -o "$perf_file" --)
        start_server fanout "${wrap[@]}" "${PIN_SERVER[@]}" "$BIN/iocplab-bench-fanout-server" --conns "$FO_CONNS" \
          --k "$FO_K" --mode "$mode" --engine "$engine" --threads "$WORKERS" --warmup "$FO_WARMUP" --seconds "$FO_SECONDS" || continue
        cline="$("${PIN_CLIENT[@]}" "$BIN/iocplab-bench-fanout-client" --port "$SPORT" --conns "$FO_CONNS" --max-seconds 60 || true)"
        wait "$SPID" 2>/dev/null || true
        line="$(grep '^mode=' "$SOUT" || true)"
        if [ -z "$line" ]; then
          say "fan-out $engine/$mode run $run failed: $(cat "$SERR")"
          continue
        fi
        local total sys sends
        total="$(sed -n 's/^total_bytes=//p' "$SOUT")"
        sys="-"; sends="-"
        if [ "$PERF_OK" = 1 ] && [ -s "$perf_file" ]; then
          sys="$(perf_count "$perf_file" raw_syscalls:sys_enter)"
          if [ "$engine" = uring ]; then
            sends="$(perf_count "$perf_file" syscalls:sys_enter_io_uring_enter)"
          else
            sends="$(( $(perf_count "$perf_file" syscalls:sys_enter_sendmsg) + $(perf_count "$perf_file" syscalls:sys_enter_sendto) + $(perf_count "$perf_file" syscalls:sys_enter_writev) ))"
          fi
        fi
        echo "$engine $mode $(field updates_per_s "$line") $(field updates_per_cpu_s "$line") $(field cpu_s "$line") $total $sys $sends $(field delivered_per_s "$cline")" >>"$raw"
        say "fan-out run $run $engine/$mode: $line | client: $cline | syscalls $sys, send-path $sends"
      done
    done
  done
  cp "$raw" "$OUT_DIR/fanout-raw.txt"

  echo "### Fan-out ($FO_CONNS connections, K=$FO_K updates of 16 B per client per tick, median of $RUNS)"
  echo
  machine_header
  echo
  echo '| engine | sends | updates/s (server) | updates/s per server core | server CPU s | delivered/s (client) | bytes per syscall (all) | bytes per send syscall |'
  echo '|---|---|---|---|---|---|---|---|'
  local col
  for engine in epoll uring; do
    for mode in single gathered; do
      col() { awk -v e="$engine" -v m="$mode" -v i="$1" '$1==e && $2==m {print $i}' "$raw" | median; }
      local bps_all bps_send
      bps_all="$(awk -v e="$engine" -v m="$mode" '$1==e && $2==m && $7 ~ /^[0-9]+$/ && $7 > 0 {printf "%.0f\n", $6/$7}' "$raw" | median)"
      bps_send="$(awk -v e="$engine" -v m="$mode" '$1==e && $2==m && $8 ~ /^[0-9]+$/ && $8 > 0 {printf "%.0f\n", $6/$8}' "$raw" | median)"
      local label="one WSASend per update"
      [ "$mode" = gathered ] && label="one gathered WSASend per client per tick"
      echo "| $engine | $label | $(col 3) | $(col 4) | $(col 5) | $(col 9) | $bps_all | $bps_send |"
    done
  done
  echo
  if [ "$PERF_OK" = 1 ]; then
    echo "Syscalls counted with \`perf stat -e $FO_EVENTS\` over the server's whole life (connects, warm-up and measured window; bytes = every byte the server sent). \"send syscall\" = sendmsg+sendto+writev on epoll, io_uring_enter on io_uring."
  else
    echo "Syscalls: perf with tracepoints is not available here, so bytes per syscall is not measured."
  fi
  echo "Updates/s per server core = updates completed in the measured window / server CPU seconds (getrusage) in that window."
  echo
  echo "Commands: \`perf stat -x, -e ... -- ${PIN_SERVER[*]} iocplab-bench-fanout-server --conns $FO_CONNS --k $FO_K --mode single|gathered --engine epoll|uring --threads $WORKERS --warmup $FO_WARMUP --seconds $FO_SECONDS\` and \`${PIN_CLIENT[*]} iocplab-bench-fanout-client --port P --conns $FO_CONNS\`"
  echo
}

# ---------------------------------------------------------------- game stress
stress() {
  echo "### Game stress (highest bots held under 100 ms average delay)"
  echo
  machine_header
  echo
  if [ ! -x "$BIN/iocplab-stress" ] || [ ! -x "$BIN/iocplab-server" ]; then
    echo "Not run: the stress tool or the game server is not built yet ($BIN/iocplab-stress, $BIN/iocplab-server)."
    echo
    return 0
  fi
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  echo '| world / view | held bots | avg delay | p99 delay | verdict |'
  echo '|---|---|---|---|---|'
  local wv world view held verdict
  for wv in "2000 5" "400 7"; do
    set -- $wv; world=$1; view=$2
    if ! start_server stress-server "${PIN_SERVER[@]}" "$BIN/iocplab-server" --port 0 --db :memory: --world "$world" --view "$view" \
        --hash-memory 8 --hash-passes 1; then
      echo "| $world / $view | server did not start | | | |"
      continue
    fi
    "${PIN_CLIENT[@]}" "$BIN/iocplab-stress" --port "$SPORT" --server-pid "$SPID" --max-bots "$STRESS_MAX" \
      --hold "$STRESS_HOLD" >"$WORK/stress.out" 2>"$WORK/stress.err" || true
    stop_server
    held="$(grep -E '^held [0-9]+ bots' "$WORK/stress.out" | tail -n1 || true)"
    verdict="$(grep -E 'bound|neither' "$WORK/stress.out" | tail -n1 || true)"
    if [ -z "$held" ]; then
      echo "| $world / $view | stress tool failed: $(tail -n1 "$WORK/stress.err") | | | |"
      continue
    fi
    say "stress $world/$view: $held"
    echo "| $world / $view | $(sed -E 's/^held ([0-9]+) bots.*/\1/' <<<"$held") (max $STRESS_MAX) | $(sed -E 's/.*avg ([0-9.]+ ms).*/\1/' <<<"$held") | $(sed -E 's/.*p99 ([0-9.]+ ms).*/\1/' <<<"$held") | ${verdict:-} |"
  done
  echo
  echo "Commands (the same as \`./lab stress --world W --view V -- --max-bots $STRESS_MAX --hold $STRESS_HOLD\`, pinned): \`${PIN_SERVER[*]} iocplab-server --port 0 --db :memory: --world W --view V --hash-memory 8 --hash-passes 1\` and \`${PIN_CLIENT[*]} iocplab-stress --port P --server-pid PID --max-bots $STRESS_MAX --hold $STRESS_HOLD\`"
  echo
}

# ---------------------------------------------------------------- profile
profile() {
  need iocplab-bench-pingpong iocplab-bench-iocp-echo
  command -v perf >/dev/null || { echo "perf is not installed: no profile"; return 0; }
  local engine conns=100 size=128 secs=3
  for engine in epoll uring; do
    echo "### Profile: iocp echo on $engine, C=$conns, M=$size, ${secs}s"
    echo
    # perf itself is not pinned: only the server shares CPU 0 with nothing else of ours.
    start_server prof perf record -q -o "$WORK/perf-$engine.data" -- "${PIN_SERVER[@]}" \
      "$BIN/iocplab-bench-iocp-echo" --threads "$WORKERS" --engine "$engine" || continue
    local line
    line="$("${PIN_CLIENT[@]}" "$BIN/iocplab-bench-pingpong" --port "$SPORT" --conns "$conns" --size "$size" --seconds "$secs" --warmup 0.5)"
    stop_server
    echo "client: $line"
    echo
    echo '```'
    { perf report -i "$WORK/perf-$engine.data" --no-children --stdio --sort dso,symbol 2>/dev/null \
      | grep -E '^ +[0-9.]+%' | awk '{printf "%8s  %-28s %s %s\n", $1, $2, $3, $4}' | head -n 25; } || true
    echo '```'
    echo
    echo "where the samples fall (by binary):"
    echo '```'
    { perf report -i "$WORK/perf-$engine.data" --no-children --stdio --sort dso 2>/dev/null \
      | grep -E '^ +[0-9.]+%' | awk '{printf "%8s  %s\n", $1, $2}' | head -n 6; } || true
    echo '```'
    echo
  done
  syscalls_per_message
}

# Syscalls per echoed message for every ping-pong server, over the same load.
syscalls_per_message() {
  local conns=100 size=128 secs=2 server line echoes
  drop_net_if_missing
  echo "### Syscalls per echoed message (C=$conns, M=$size, ${secs}s, perf stat -e 'syscalls:sys_enter_*' -p SERVER)"
  echo
  for server in "${PP_SERVERS[@]}"; do
    # shellcheck disable=SC2046
    start_server "sys-$server" "${PIN_SERVER[@]}" $(pp_server_cmd "$server") || continue
    local perf_out="$WORK/sys-$server.txt"
    perf stat -e 'syscalls:sys_enter_*' -p "$SPID" -o "$perf_out" -- sleep "$secs" &
    local ppid=$!
    line="$("${PIN_CLIENT[@]}" "$BIN/iocplab-bench-pingpong" --port "$SPORT" --conns "$conns" --size "$size" --seconds "$secs" --warmup 0 $(pp_client_flags "$server"))"
    wait "$ppid" || true
    stop_server
    echoes="$(field echoes "$line")"
    printf '%s (%s msgs/s): ' "$server" "$(field msgs_per_s "$line")"
    awk -v n="$echoes" '$2 ~ /^syscalls:sys_enter_/ { gsub(",", "", $1); t += $1; if ($1 / n >= 0.01) { sub("syscalls:sys_enter_", "", $2); printf "%s %.2f, ", $2, $1 / n } }
      END { printf "total %.2f per message\n", t / n }' "$perf_out"
    echo
  done
}

mkdir -p "$OUT_DIR"
REPORT="$OUT_DIR/results-$(date -u +%Y%m%d-%H%M%S).md"
{
  for w in "${WHAT[@]}"; do
    case "$w" in
      all) pingpong; fanout; stress ;;
      pingpong) pingpong ;;
      fanout) fanout ;;
      stress) stress ;;
      profile) profile ;;
      syscalls) syscalls_per_message ;;
      framework) framework_servers; pingpong; syscalls_per_message ;;
    esac
  done
} | tee "$REPORT"
say "written to $REPORT"
