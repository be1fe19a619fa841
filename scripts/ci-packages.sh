#!/usr/bin/env bash
# System packages the kiosk tests need (tests/test_kiosk_install.py and the Xvfb end-to-end
# test): Xvfb + xauth (a real X server without a screen), xdotool (key presses and window
# actions), systemd (systemd-analyze verify for the units), desktop-file-utils
# (desktop-file-validate for the autostart entry), libglib2.0-bin (gio launch: runs the
# autostart entry as a desktop session does, tests/test_kiosk_login.py), chromium +
# chromium-driver (the visitor statistics report opened in a real headless browser,
# tests/test_stats_report.py); the hardware-in-the-loop rig (tests/test_hil_rig.py,
# scripts/build-hil.sh): gcc (the harness), gcc-avr + avr-libc + arduino-core-avr +
# arduino-builder (the firmware, offline; not the `arduino` IDE package, it pulls Java),
# simavr + libsimavr-dev (the simulated Uno); mosquitto (+ mosquitto_passwd from the
# clients) as the real MQTT broker of the platform tests, openssl for their TLS certificates.
# In CI (root with apt-get) it installs the missing ones; a local run as root with all of
# them present only asks dpkg-query and is done in well under a second. Not root: it says
# so and does nothing (the tests then skip with the apt command to run).
set -euo pipefail

PACKAGES=(xvfb xauth xdotool systemd desktop-file-utils libglib2.0-bin chromium chromium-driver
          gcc libc6-dev gcc-avr avr-libc arduino-core-avr arduino-builder simavr libsimavr-dev
          mosquitto mosquitto-clients openssl)

say() { echo "ci-packages: $*" >&2; }

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    say "not root with apt-get: installing nothing (sudo apt-get install ${PACKAGES[*]})"
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == installed ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

say "installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
say "done."
