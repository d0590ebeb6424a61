#!/usr/bin/env bash
# Renders PNG screenshots of the real console into screenshots/. It runs the
# built binary in tmux at 120x40 on a fresh local-mode server in a temporary
# XDG folder and seeds a few certificates through the issue form. Each screen
# is captured with its colours (tmux capture-pane -e) and converted from ANSI
# text to PNG with freeze (github.com/charmbracelet/freeze v0.2.2).
#
# Usage: scripts/screenshots.sh [path/to/certs-tui]    (make screenshots)
set -euo pipefail

cd "$(dirname "$0")/.."
bin="$(realpath "${1:-bin/certs-tui}")"
out="screenshots"
step_timeout=20 # seconds to wait for one screen; a step takes well under 1 s

for tool in tmux freeze; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "screenshots: $tool is missing; install it (make screenshots installs freeze)" >&2
		exit 1
	fi
done
if [ ! -x "$bin" ]; then
	echo "screenshots: $bin is not an executable; run make build first" >&2
	exit 1
fi

work="$(mktemp -d)"
socket="$work/tmux.sock"
cleanup() {
	tmux -S "$socket" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

tmx() { tmux -S "$socket" "$@"; }

# wait_for TEXT...: poll the screen until it contains every TEXT.
wait_for() {
	local deadline=$((SECONDS + step_timeout)) screen text missing
	while :; do
		screen="$(tmx capture-pane -p 2>/dev/null || true)"
		missing=""
		for text in "$@"; do
			if [[ "$screen" != *"$text"* ]]; then
				missing="$text"
				break
			fi
		done
		[ -z "$missing" ] && return 0
		if ((SECONDS > deadline)); then
			echo "screenshots: \"$missing\" did not appear within ${step_timeout}s. Screen:" >&2
			echo "$screen" >&2
			echo "Log tail:" >&2
			tail -n 20 "$work/state/certs-tui/certs-tui.log" >&2 || true
			exit 1
		fi
		sleep 0.1
	done
}

# wait_gone TEXT: poll the screen until TEXT is gone, as when a dialog closes.
wait_gone() {
	local deadline=$((SECONDS + step_timeout)) screen
	while :; do
		screen="$(tmx capture-pane -p 2>/dev/null || true)"
		[[ "$screen" != *"$1"* ]] && return 0
		if ((SECONDS > deadline)); then
			echo "screenshots: \"$1\" was still on screen after ${step_timeout}s. Screen:" >&2
			echo "$screen" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# type_text TEXT: send TEXT literally.
type_text() { tmx send-keys -l "$1"; }

# issue ENTITY TYPE_STEPS IPS DNS TTL: fill and submit the issue form.
# TYPE_STEPS is how many times → moves the entity type on from cvm.
issue() {
	local entity="$1" steps="$2" ips="$3" dns="$4" ttl="$5" i
	tmx send-keys i
	wait_for "Issue a certificate"
	type_text "$entity"
	tmx send-keys Tab
	for ((i = 0; i < steps; i++)); do tmx send-keys Right; done
	tmx send-keys Tab
	type_text "$ips"
	tmx send-keys Tab
	[ -n "$dns" ] && type_text "$dns"
	tmx send-keys Tab
	[ -n "$ttl" ] && type_text "$ttl"
	tmx send-keys Enter
	wait_for "Issued serial" "for $entity;"
}

# shoot NAME: wait for loading rows to fill in, capture the screen with
# colours and render $out/NAME.png. freeze v0.2.2 draws bold text wider than
# its cell and clips a bold glyph in the last column, so every line gets one
# trailing space of room. It renders PNGs at 4 times the font size, and at
# font size 7 it drops the last line, so 10 is the smallest size used.
shoot() {
	local name="$1"
	wait_gone "loading…"
	tmx capture-pane -e -p | sed 's/$/ /' >"$work/$name.ansi"
	freeze --language ansi --window --padding 20 --margin 0 --font.size 10 \
		--output "$out/$name.png" <"$work/$name.ansi" >/dev/null
	echo "screenshots: wrote $out/$name.png"
}

mkdir -p "$out"

# env -u keeps a configured service out of the run. COLORTERM makes the
# console use true colour, which tmux keeps in its cells.
tmx -f /dev/null new-session -d -x 120 -y 40 -c "$work" \
	env -u CERTS_TUI_URL -u CERTS_TUI_TOKEN -u NO_COLOR \
	TERM=xterm-256color COLORTERM=truecolor \
	XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" \
	"$bin"

wait_for "service local" "Domains" "default"
shoot domains

tmx send-keys Enter
wait_for "no certificates yet"
issue cvm-01 0 "10.0.0.11" "" ""
issue payments-backend 2 "10.0.1.20, fd00::20" "payments.example.com" "90d"
issue batch-job-7 1 "" "" "7d"
issue cvm-02 0 "10.0.0.12 fd00::12" "" ""

# Revoke the selected cvm-02 for key compromise, then renew cvm-01, the
# oldest row.
tmx send-keys x
wait_for "Revoke certificate" "cvm-02"
tmx send-keys Right
wait_for "key_compromise"
tmx send-keys y
wait_for "Revoked serial" "reason key_compromise"
tmx send-keys G r
wait_for "Renew certificate" "cvm-01"
tmx send-keys y
wait_for "Renewed cvm-01"
shoot certificates

tmx send-keys i
wait_for "Issue a certificate"
type_text "web-frontend"
tmx send-keys Tab Right Right Tab
type_text "10.0.2.30, fd00::2:30"
tmx send-keys Tab
type_text "www.example.com, *.cdn.example.com"
tmx send-keys Tab
type_text "30d"
wait_for "web-frontend" "[backend]" "10.0.2.30, fd00::2:30" "www.example.com, *.cdn.example.com" "30d"
shoot issue
tmx send-keys Escape
wait_gone "Issue a certificate"

tmx send-keys x
wait_for "Revoke certificate"
tmx send-keys Right Right Right Right
wait_for "superseded"
shoot confirm
tmx send-keys Escape
wait_gone "Revoke certificate"

tmx send-keys '?'
wait_for "? or esc closes this help"
shoot help
tmx send-keys Escape
wait_gone "? or esc closes this help"

# The renewed cvm-01 is the newest row: its details link to the old one.
tmx send-keys g Enter
wait_for "Serial (hex)" "Renewed from" "good, this update"
shoot details
tmx send-keys Escape
wait_for "Certificates of default"

tmx send-keys e
wait_for "Expiry overview of default" "w12"
shoot expiry
tmx send-keys Escape
wait_for "Certificates of default"

# Mark two rows and stop at the bulk confirmation. Escape is sent alone,
# because an escape followed at once by a key reads as alt and that key.
tmx send-keys g Space Space x
wait_for "Revoke 2 marked certificates?"
shoot bulk
tmx send-keys Escape
wait_gone "Revoke 2 marked certificates?"
tmx send-keys U
wait_gone "marked"

tmx send-keys :
wait_for "Command" "domains"
type_text "c"
shoot palette
tmx send-keys Escape
wait_gone "Command"

tmx send-keys q
wait_for "Domains" "enter opens"
tmx send-keys a
wait_for "CA chain of the service" "1. issuing CA"
shoot ca
tmx send-keys Escape
wait_gone "CA chain of the service"
tmx send-keys q
