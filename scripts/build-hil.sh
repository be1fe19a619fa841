#!/usr/bin/env bash
# Builds what the hardware-in-the-loop tests run, offline, into build/hil/ (gitignored):
#   build/hil/avr_uart_bridge          the simulated Uno (hil/avr_uart_bridge.c, libsimavr)
#   build/hil/<Sketch>/<Sketch>.ino.elf (+ .hex) for every sketch folder under firmware/ and
#                                      hil/sketches/ (a folder holding <folder>.ino)
# and prints each sketch's flash and RAM use (avr-size). Idempotent: a product is rebuilt
# only when a source (or this script) is newer. Any compiler warning in our sources fails
# the build (gcc -Wall -Werror for the harness; arduino-builder -warnings all, and a
# "warning:" in a file outside Debian's Arduino core fails). .ci/run calls it after
# scripts/ci-packages.sh; tests/test_hil_rig.py calls it when a product is missing or stale.
# Needs: gcc-avr avr-libc arduino-core-avr arduino-builder simavr libsimavr-dev (+ gcc).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
OUT=build/hil
SELF=scripts/build-hil.sh
say() { echo "build-hil: $*" >&2; }

for tool in gcc arduino-builder avr-size; do
    command -v "$tool" >/dev/null || { say "missing $tool: sudo apt-get install" \
        "gcc arduino-builder arduino-core-avr gcc-avr avr-libc simavr libsimavr-dev"; exit 3; }
done
[[ -f /usr/include/simavr/sim_avr.h ]] || { say "missing libsimavr-dev"; exit 3; }
mkdir -p "$OUT"

# newer_than TARGET FILE...: true when TARGET is missing or any FILE is newer
newer_than() {
    local target=$1; shift
    [[ -e "$target" ]] || return 0
    local f
    for f in "$@"; do [[ "$f" -nt "$target" ]] && return 0; done
    return 1
}

if newer_than "$OUT/avr_uart_bridge" hil/avr_uart_bridge.c hil/uart_link.[ch] "$SELF"; then
    say "compiling the harness"
    gcc -O2 -Wall -Wextra -Werror -o "$OUT/avr_uart_bridge.tmp" hil/avr_uart_bridge.c \
        hil/uart_link.c -I/usr/include/simavr -lsimavr -lutil
    mv "$OUT/avr_uart_bridge.tmp" "$OUT/avr_uart_bridge"
fi

status=0
for dir in firmware/*/ hil/sketches/*/; do
    [[ -d "$dir" ]] || continue
    name=$(basename "$dir")
    [[ -f "$dir/$name.ino" ]] || continue
    build="$OUT/$name"
    elf="$build/$name.ino.elf"
    mapfile -t sources < <(find "$dir" -type f \( -name '*.ino' -o -name '*.h' -o -name '*.c' \
        -o -name '*.cpp' \))
    if newer_than "$elf" "${sources[@]}" "$SELF"; then
        say "compiling $dir"
        mkdir -p "$build"
        log="$build/compile.log"
        rm -f "$elf"
        if ! arduino-builder -compile -hardware /usr/share/arduino-builder \
                -hardware /usr/share/arduino/hardware -tools /usr/bin -fqbn arduino:avr:uno \
                -warnings all -prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__ \
                -build-path "$PWD/$build" "$PWD/$dir/$name.ino" >"$log" 2>&1; then
            cat "$log" >&2; say "FAILED: $dir"; status=1; continue
        fi
        # Debian's core (new.cpp) warns about unused parameters with -Wall -Wextra: not ours
        ours=$(grep "warning:" "$log" | grep -v "^/usr/share/arduino/" || true)
        if [[ -n "$ours" ]]; then
            echo "$ours" >&2; say "FAILED: $dir compiles with warnings"; rm -f "$elf"
            status=1; continue
        fi
    fi
    # avr-size: flash = .text + .data, RAM (static) = .data + .bss
    read -r text data bss _ < <(avr-size -A "$elf" | awk '
        $1==".text"{t=$2} $1==".data"{d=$2} $1==".bss"{b=$2} END{print t+0, d+0, b+0}')
    printf 'build-hil: %-18s flash %6d of 32256 bytes, RAM %5d of 2048 bytes (static)\n' \
        "$name" $((text + data)) $((data + bss)) >&2
done
exit $status
