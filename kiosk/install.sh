#!/usr/bin/env bash
# Make this clone of Sensorik zum Anfassen start by itself as a kiosk on Raspberry Pi OS
# Bookworm or a Debian 12 desktop. Run it as the desktop user (not with sudo): it asks
# for sudo where it writes system files. Idempotent: running it again changes nothing.
# Every step says what it does and why; kiosk/README.md explains the background.
#
# Usage: kiosk/install.sh [options]     (kiosk/install.sh --help for the options)
#
# DESTDIR=/some/dir kiosk/install.sh writes every file (/etc/..., the user's home) below
# that throwaway root and runs no sudo, raspi-config, systemctl, udevadm or usermod: it
# prints what it would run. The tests use that (tests/test_kiosk_install.py).
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true   # bash 5.2: '&' in ${x//a/b} stays '&'

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(dirname "$HERE")"
LAUNCHER="$ROOT/kiosk/sensorik-kiosk"
DESTDIR="${DESTDIR:-}"
DESTDIR="${DESTDIR%/}"
CONFIG_HOME="${XDG_CONFIG_HOME:-$HOME/.config}"

USER_DESKTOP="$CONFIG_HOME/autostart/sensorik-kiosk.desktop"
SYSTEM_DESKTOP=/etc/xdg/autostart/sensorik-kiosk.desktop
USER_UNIT="$CONFIG_HOME/systemd/user/sensorik-kiosk.service"
CAGE_UNIT=/etc/systemd/system/sensorik-cage.service
UDEV_RULE=/etc/udev/rules.d/70-sensorik.rules
MARKER="Installed by kiosk/install.sh"   # in every unit; the desktop file has X-Sensorik-…
REC_BRLTTY="# install.sh masked brltty rule:"
REC_DIALOUT="# install.sh added to group dialout:"

usage() {
    cat <<EOF
Usage: kiosk/install.sh [--system | --systemd-user | --cage] [--video-driver DRIVER]
                        [--config FILE]
       kiosk/install.sh --uninstall
       kiosk/install.sh --help

Sets up the exhibit as a kiosk for the current desktop user:
  a. checks the project is set up (.venv; runs scripts/setup-venv.sh if it is missing)
  b. autostart at login: ~/.config/autostart/sensorik-kiosk.desktop (XDG autostart works on
     Raspberry Pi OS Bookworm's labwc and wayfire and on X11 desktops)
  c. screen blanking off (raspi-config on Pi OS, gsettings on GNOME; else it says how)
  d. udev rule $UDEV_RULE: /dev/sensorik for the board, ModemManager kept away
  e. you in group dialout (may open the board's serial port)
  f. how to test, quit, find the log and uninstall

Options:
  --system              autostart for every user: /etc/xdg/autostart instead of ~/.config
  --systemd-user        a systemd user service instead of autostart (GNOME on Debian 12;
                        NOT Raspberry Pi OS Bookworm: graphical-session.target stays inactive)
  --cage                a single-app session on tty1 with cage instead of a desktop
                        (Raspberry Pi OS Lite, Debian without desktop; sudo apt install cage)
  --video-driver D      x11, wayland or kmsdrm: sets SDL_VIDEODRIVER for the exhibit
                        (default: SDL's choice, i.e. XWayland on labwc/wayfire)
  --config FILE         the exhibit.yaml whose device.usb_ids the udev rule names
                        (default: $ROOT/exhibit.yaml)
  --uninstall           remove everything this script installed
  -h, --help            this text
Environment: DESTDIR=DIR installs into a throwaway root and only prints commands.
EOF
}

usage_error() {
    echo "install.sh: $*" >&2
    echo "Run kiosk/install.sh --help for the options." >&2
    exit 2
}
die() { echo "install.sh: ERROR: $*" >&2; exit 1; }
step() { printf '\n[%s] %s\n' "$1" "$2"; }      # one line per step: what and why
say() { printf '    %s\n' "$*"; }
shown() { printf '%q ' "$@" | sed 's/ $//'; }

# --- options -------------------------------------------------------------------------
action=install
mode=autostart-user
video=""
config="$ROOT/exhibit.yaml"
set_mode() {
    [[ "$mode" == autostart-user || "$mode" == "$1" ]] ||
        usage_error "choose one of --system, --systemd-user and --cage, not two"
    mode="$1"
}
while [[ $# -gt 0 ]]; do
    case "$1" in
        --system) set_mode autostart-system ;;
        --systemd-user) set_mode systemd-user ;;
        --cage) set_mode cage ;;
        --video-driver=*) video="${1#*=}" ;;
        --video-driver)
            [[ $# -ge 2 ]] || usage_error "--video-driver needs a value: x11, wayland or kmsdrm"
            video="$2"; shift ;;
        --config=*) config="${1#*=}" ;;
        --config)
            [[ $# -ge 2 ]] || usage_error "--config needs a file"
            config="$2"; shift ;;
        --uninstall) action=uninstall ;;
        -h|--help) usage; exit 0 ;;
        *) usage_error "unknown option '$1'" ;;
    esac
    shift
done
[[ "$config" == /* ]] || config="$PWD/$config"   # the generator runs in $ROOT
case "$video" in
    ""|x11|wayland|kmsdrm) ;;
    *) usage_error "--video-driver must be x11, wayland or kmsdrm, not '$video'" ;;
esac
if [[ "$mode" == cage && -n "$video" && "$video" == kmsdrm ]]; then
    usage_error "--video-driver kmsdrm cannot run inside cage (cage holds the display); " \
        "leave it out or use wayland"
fi
if [[ "$(id -u)" -eq 0 && -z "$DESTDIR" ]]; then
    die "run this as the desktop user, not as root or with sudo (it would set up root's" \
        "login). It asks for sudo itself where it writes system files."
fi

# --- helpers: every write and command goes through these (DESTDIR-aware) ---------------
as_root() {   # a command that changes the system
    if [[ -n "$DESTDIR" ]]; then say "would run: sudo $(shown "$@")"; return 0; fi
    if [[ "$(id -u)" -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
as_user() {   # a command that changes the desktop user's session settings
    if [[ -n "$DESTDIR" ]]; then say "would run: $(shown "$@")"; return 0; fi
    "$@"
}
needs_sudo() { [[ "$1" == /etc/* && -z "$DESTDIR" && "$(id -u)" -ne 0 ]]; }

put() {   # put SOURCE-FILE TARGET-PATH: install with mode 644 unless it is already there
    local src="$1" target="$2" dest="$DESTDIR$2"
    if [[ -f "$dest" ]] && cmp -s "$src" "$dest"; then
        say "unchanged: $target"
        return 0
    fi
    if needs_sudo "$target"; then
        sudo install -D -m 644 "$src" "$dest"
    else
        install -D -m 644 "$src" "$dest"
    fi
    say "wrote $dest"
}

drop() {   # drop TARGET-PATH: remove a file or link this script made, if it is there
    local target="$1" dest="$DESTDIR$1"
    [[ -e "$dest" || -L "$dest" ]] || return 0
    if needs_sudo "$target"; then sudo rm -f "$dest"; else rm -f "$dest"; fi
    say "removed $dest"
}

ours() { [[ -f "$DESTDIR$1" ]] && grep -qE "$MARKER|X-Sensorik-Installed-By" "$DESTDIR$1"; }

fill() {   # fill TEMPLATE OUT KEY=VALUE...: replace each @KEY@
    local text pair
    text="$(<"$1")"
    for pair in "${@:3}"; do
        text="${text//@${pair%%=*}@/${pair#*=}}"
    done
    printf '%s\n' "$text" >"$2"
}

desktop_exec() {   # the Exec= value (freedesktop Desktop Entry spec, "The Exec key")
    local path="$1" out
    case "$path" in
        *[\"\`\$\\%]*|*$'\n'*)
            die "the folder $path contains one of \" \` \$ \\ % which an autostart entry" \
                "cannot quote reliably. Fix: move the clone, e.g. to ~/sensorik." ;;
    esac
    out="$path"
    [[ "$path" =~ ^[A-Za-z0-9/._+-]+$ ]] || out="\"$path\""
    [[ -z "$video" ]] || out="env SDL_VIDEODRIVER=$video $out"
    printf '%s' "$out"
}

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# The records kept at the end of the udev rule, so --uninstall undoes exactly these.
records() {
    if [[ -f "$DESTDIR$UDEV_RULE" ]]; then grep -F "$1" "$DESTDIR$UDEV_RULE" || true; fi
}

# brltty's udev rules that claim generic USB-serial chips of our boards. Debian 12 and
# Raspberry Pi OS Bookworm ship none (brltty 6.5-7 keeps them in /usr/share/doc/brltty/
# examples), Ubuntu and Mint do (85-brltty.rules); upstream brltty 6.5+ splits the generic
# chips into 90-brltty-usb-generic.rules so exactly those can be switched off
# (https://github.com/brltty/brltty/blob/master/Autostart/Udev/Makefile.in). A same-named
# link to /dev/null in /etc/udev/rules.d masks a rules file (udev(7); the fix used in
# https://github.com/juliagoda/CH341SER/issues/18 and the Arduino help centre,
# https://github.com/arduino/help-center-content/pull/604).
brltty_rules_to_mask() {
    local vendors file seen=" "
    vendors="$(grep -o 'idVendor}=="[0-9a-f]*"' "$1" | sed 's/.*=="0*\([0-9a-f]*\)"/\1/' |
        sort -u | paste -sd'|' -)" || true
    [[ -n "$vendors" ]] || return 0
    # (under DESTDIR it looks in the throwaway root, so a test can stage brltty's rules)
    for file in "$DESTDIR"/usr/lib/udev/rules.d/*brltty*.rules \
                "$DESTDIR"/lib/udev/rules.d/*brltty*.rules; do
        [[ -f "$file" ]] || continue
        [[ "$seen" != *" ${file##*/} "* ]] || continue   # /lib is /usr/lib (merged /usr)
        seen+="${file##*/} "
        # brltty matches ENV{PRODUCT}=="1a86/7523/*" (hex without leading zeros)
        if grep -Eqi "(\"|[^0-9a-f])0*($vendors)/[0-9a-f]+/" "$file"; then
            printf '%s\n' "${file##*/}"
        fi
    done
}

# --- install -------------------------------------------------------------------------
install_all() {
    local py exec_line
    step a "Project: checking .venv and the config, because the launcher runs the exhibit with .venv and the udev rule comes from the config."
    [[ -x "$ROOT/scripts/setup-venv.sh" ]] ||
        die "$ROOT/scripts/setup-venv.sh is missing: is this a complete clone? Fix: clone again."
    if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
        if [[ -n "$DESTDIR" ]]; then
            say "would run: $ROOT/scripts/setup-venv.sh"
        else
            say "no .venv yet: running scripts/setup-venv.sh (needs the network once) ..."
            "$ROOT/scripts/setup-venv.sh"
        fi
    else
        say "ok: $ROOT/.venv"
    fi
    [[ -x "$LAUNCHER" ]] ||
        die "$LAUNCHER is missing or not executable. Fix: git checkout kiosk/ && chmod +x $LAUNCHER"
    py="$ROOT/.venv/bin/python"
    [[ -x "$py" ]] || py="$(command -v python3)" || die "no python3 found"
    # The udev rule comes from the config: a broken config stops here, before any change.
    (cd "$ROOT" && "$py" -m exhibit.kiosk.udev --config "$config") >"$TMP/rule" ||
        die "could not build the udev rule from $config (see above); nothing was changed."

    if [[ "$mode" == systemd-user || "$mode" == cage ]] && [[ "$ROOT" == *[[:space:]]* ]]; then
        die "$ROOT contains a space, which a systemd unit's paths cannot hold here." \
            "Fix: move the clone, e.g. to ~/sensorik, or use the default autostart."
    fi
    case "$mode" in
        autostart-user|autostart-system)
            local target="$USER_DESKTOP"
            [[ "$mode" == autostart-user ]] || target="$SYSTEM_DESKTOP"
            step b "Autostart: $target starts the exhibit at login - XDG autostart works on X11, labwc and wayfire (graphical-session.target does not on Bookworm)."
            exec_line="$(desktop_exec "$LAUNCHER")"
            fill "$HERE/sensorik-kiosk.desktop" "$TMP/desktop" "EXEC=$exec_line"
            put "$TMP/desktop" "$target"
            say "Exec=$exec_line"
            ;;
        systemd-user)
            step b "Autostart: systemd user service $USER_UNIT, started with the graphical session (works on GNOME; never starts on Pi OS Bookworm)."
            if command -v raspi-config >/dev/null 2>&1; then
                say "WARNING: this looks like Raspberry Pi OS, where graphical-session.target" \
                    "stays inactive: the service will not start. Use the default (no option)."
            fi
            fill "$HERE/sensorik-kiosk.service" "$TMP/unit" "ROOT=$ROOT"
            if [[ -n "$video" ]]; then
                sed -i "s|^ExecStart=|Environment=SDL_VIDEODRIVER=$video\nExecStart=|" "$TMP/unit"
            fi
            put "$TMP/unit" "$USER_UNIT"
            as_user systemctl --user daemon-reload
            as_user systemctl --user enable sensorik-kiosk.service
            ;;
        cage)
            local cage
            step b "Autostart: system service $CAGE_UNIT runs the exhibit alone in cage on tty1 - a kiosk session without a desktop."
            cage="$(command -v cage)" || die "cage is not installed. Fix: sudo apt install cage"
            fill "$HERE/sensorik-cage.service" "$TMP/unit" "ROOT=$ROOT" "USER=$(id -un)" "CAGE=$cage"
            if [[ -n "$video" ]]; then
                sed -i "s|^ExecStart=|Environment=SDL_VIDEODRIVER=$video\nExecStart=|" "$TMP/unit"
            fi
            put "$TMP/unit" "$CAGE_UNIT"
            as_root systemctl daemon-reload
            as_root systemctl enable sensorik-cage.service
            ;;
    esac
    # One way of starting at a time: two would fight over the display.
    [[ "$mode" == autostart-user ]] || ! ours "$USER_DESKTOP" || drop "$USER_DESKTOP"
    [[ "$mode" == autostart-system ]] || ! ours "$SYSTEM_DESKTOP" || drop "$SYSTEM_DESKTOP"
    if [[ "$mode" != systemd-user ]] && ours "$USER_UNIT"; then
        as_user systemctl --user disable sensorik-kiosk.service
        drop "$USER_UNIT"
    fi
    if [[ "$mode" != cage ]] && ours "$CAGE_UNIT"; then
        as_root systemctl disable sensorik-cage.service
        drop "$CAGE_UNIT"
    fi

    step c "Screen blanking: off, so the exhibit stays visible when nobody touches it (the app also inhibits the screen saver while it runs)."
    if [[ "$mode" == cage ]]; then
        say "cage blanks nothing itself. The text console before it does after 10 min:" \
            "add consoleblank=0 to /boot/firmware/cmdline.txt (Pi) if that bothers you."
    elif command -v raspi-config >/dev/null 2>&1; then
        say "Raspberry Pi OS: raspi-config finds labwc/wayfire by their running process," \
            "so run this from the desktop session (not over SSH before the desktop started)."
        as_root raspi-config nonint do_blanking 1
    elif command -v gsettings >/dev/null 2>&1 && [[ "${XDG_CURRENT_DESKTOP:-}" == *GNOME* ]]; then
        as_user gsettings set org.gnome.desktop.session idle-delay 0
        as_user gsettings set org.gnome.desktop.screensaver lock-enabled false
        as_user gsettings set org.gnome.desktop.screensaver idle-activation-enabled false
    else
        say "Not Raspberry Pi OS and not GNOME: switch off screen blanking, screen saver and" \
            "screen lock in the desktop's settings (X11 without one: xset s off -dpms)."
    fi

    step d "udev rule: $UDEV_RULE names the board /dev/sensorik, keeps ModemManager (and brltty) away and lets group dialout open it."
    local masks name
    masks="$( { records "$REC_BRLTTY" | sed "s/^$REC_BRLTTY //"; brltty_rules_to_mask "$TMP/rule"; } | sort -u)"
    for name in $masks; do printf '%s %s\n' "$REC_BRLTTY" "$name" >>"$TMP/rule"; done
    local user added_before in_group=no
    user="$(id -un)"
    added_before="$(records "$REC_DIALOUT")"
    [[ " $(id -nG "$user") " != *" dialout "* ]] || in_group=yes
    if [[ -n "$added_before" || "$in_group" == no ]]; then
        printf '%s %s\n' "$REC_DIALOUT" "$user" >>"$TMP/rule"
    fi
    put "$TMP/rule" "$UDEV_RULE"
    for name in $masks; do
        say "brltty's $name claims USB-serial chips of the board: masking it with" \
            "/etc/udev/rules.d/$name -> /dev/null (a braille display then needs brltty set up by hand)."
        if [[ -n "$DESTDIR" ]]; then
            mkdir -p "$DESTDIR/etc/udev/rules.d"
            ln -sfn /dev/null "$DESTDIR/etc/udev/rules.d/$name"
        else
            as_root ln -sfn /dev/null "/etc/udev/rules.d/$name"
        fi
    done
    [[ -n "$masks" ]] || say "brltty: no installed rule claims these chips (Debian 12 ships none)."
    as_root udevadm control --reload
    as_root udevadm trigger --subsystem-match=tty
    say "a board already plugged in now has /dev/sensorik; put 'port: /dev/sensorik' in" \
        "exhibit.yaml's device: to use exactly that name (port: auto finds it too)."

    step e "Group dialout: lets $user open the board's serial port."
    if [[ "$in_group" == yes ]]; then
        say "ok: $user is in dialout already."
    else
        as_root usermod -aG dialout "$user"
        say "log out and in again (or reboot) for the new group to take effect."
    fi

    step f "Done. What next:"
    say "test:      log out and in again, or reboot: the exhibit comes up by itself."
    say "quit:      staff hold Ctrl+Shift+Q for 2 s (a countdown shows); Esc and Alt+F4 do nothing."
    say "log:       ~/.local/state/sensorik/ (\$XDG_STATE_HOME/sensorik)"
    say "uninstall: $HERE/install.sh --uninstall"
}

# --- uninstall -----------------------------------------------------------------------
uninstall_all() {
    local name user
    step 1 "Autostart: removing the entries and services this script installed, so nothing starts at login any more."
    ! ours "$USER_DESKTOP" || drop "$USER_DESKTOP"
    ! ours "$SYSTEM_DESKTOP" || drop "$SYSTEM_DESKTOP"
    if ours "$USER_UNIT"; then
        as_user systemctl --user disable sensorik-kiosk.service
        drop "$USER_UNIT"
        as_user systemctl --user daemon-reload
    fi
    if ours "$CAGE_UNIT"; then
        as_root systemctl disable sensorik-cage.service
        drop "$CAGE_UNIT"
        as_root systemctl daemon-reload
    fi

    step 2 "udev: removing $UDEV_RULE and undoing what it recorded (brltty masks, group dialout)."
    for name in $(records "$REC_BRLTTY" | sed "s/^$REC_BRLTTY //"); do
        if [[ "$(readlink "$DESTDIR/etc/udev/rules.d/$name" 2>/dev/null)" == /dev/null ]]; then
            drop "/etc/udev/rules.d/$name"
        fi
    done
    for user in $(records "$REC_DIALOUT" | sed "s/^$REC_DIALOUT //"); do
        as_root gpasswd -d "$user" dialout
    done
    if [[ -e "$DESTDIR$UDEV_RULE" ]]; then
        drop "$UDEV_RULE"
        as_root udevadm control --reload
    fi

    step 3 "Screen blanking: left off (other programs may rely on it); to turn it back on:"
    say "Raspberry Pi OS: sudo raspi-config nonint do_blanking 0"
    say "GNOME: gsettings reset org.gnome.desktop.session idle-delay;" \
        "gsettings reset org.gnome.desktop.screensaver lock-enabled"
    say "The clone itself, its .venv and the log (~/.local/state/sensorik) stay."
}

if [[ "$action" == uninstall ]]; then uninstall_all; else install_all; fi
