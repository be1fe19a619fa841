#!/usr/bin/env bash
# Builds the reference firmware for the Arduino Uno with Debian 12's arduino-builder, offline:
#   firmware/build.sh [BUILD_DIR]      (default: firmware/build; the .elf and .hex land there)
# Fails on any compiler warning (-warnings all = -Wall -Wextra) in the sketch. The only
# warnings allowed are the four Debian's arduino-core-avr 1.8.7 itself gives in
# cores/arduino/new.cpp (unused parameter 'tag'), which are not ours to fix.
# Packages: sudo apt-get install arduino-builder arduino-core-avr gcc-avr avr-libc
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/build}"
mkdir -p "$build"
log="$build/build.log"
# -DDECIMAL_DIG: Debian 12's core does not compile WString.cpp with its gcc-avr 5.4 without it
if ! arduino-builder -compile -warnings all \
        -hardware /usr/share/arduino-builder -hardware /usr/share/arduino/hardware \
        -tools /usr/bin -fqbn arduino:avr:uno \
        -prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__ \
        -build-path "$build" "$here/sensor_model/sensor_model.ino" >"$log" 2>&1; then
    cat "$log" >&2
    echo "firmware/build.sh: the build failed" >&2
    exit 1
fi
warnings="$(grep -E 'warning:' "$log" \
    | grep -vE "cores/arduino/new\.cpp:[0-9]+:[0-9]+: warning: unused parameter .tag." || true)"
if [[ -n "$warnings" ]]; then
    echo "$warnings" >&2
    echo "firmware/build.sh: compiler warnings (see $log)" >&2
    exit 1
fi
avr-size "$build/sensor_model.ino.elf" | tail -1 \
    | awk '{printf "firmware/build.sh: %s: flash %d bytes (of 32256), RAM %d bytes (of 2048)\n", \
            $6, $1 + $2, $2 + $3}'
