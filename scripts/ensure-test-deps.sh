#!/usr/bin/env bash
# System programs the tests run as real servers on loopback (not services: each test starts its own).
# Installs what is missing; needs root (or sudo) only when something is missing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
# The e-mail channel's tests read a real IMAP mailbox from Dovecot (test/fakes/email/dovecot.ts).
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
# Browser tests drive Debian's Chromium through playwright-core (no browser download here).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The Firefox page tests drive Debian's Firefox ESR over WebDriver BiDi through puppeteer-core.
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
# The report charts' PNGs are drawn with DejaVu Sans (nodes/shared/charts/fonts.ts).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# The web chat's flood is also sent through a real nginx running deploy/nginx/contact-center.conf
# (test/harness/nginx.ts).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# Debian's docker-compose (1.29) reads deploy/docker-compose.yml as Docker Compose does
# (test/unit/deploy/deploy.test.ts runs its `config`); nothing is started, so the Docker daemon it
# recommends (docker.io) is left out.
bare=()
[ -x /usr/bin/docker-compose ] || bare+=(docker-compose)

# Another apt run (unattended upgrades, a second checkout's set-up) holds dpkg's lock for a while: wait for it.
apt=($SUDO apt-get -o DPkg::Lock::Timeout=600)
if [ $((${#missing[@]} + ${#bare[@]})) -gt 0 ]; then
  "${apt[@]}" update -qq
  if [ ${#missing[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}" >&2; fi
  if [ ${#bare[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${bare[@]}" >&2; fi
fi
