#!/usr/bin/env bash
# The system packages Accord needs, installed from Debian's archive when missing.
#   deploy/system-packages.sh          what `make run` needs: Pango and fonts for PDF (WeasyPrint),
#                                      poppler for previews, gettext, Node.js
#   deploy/system-packages.sh --tests  also what the tests need: Chromium, qpdf, the PostgreSQL
#                                      and Redis clients
# Without root or apt-get it prints what to install and exits 0, unless CI=true (then it fails).
set -euo pipefail

missing=()
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_font() { command -v fc-list >/dev/null && fc-list 2>/dev/null | grep -q "$1"; }

has_lib libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
has_lib libharfbuzz-subset || missing+=(libharfbuzz-subset0)
has_font "Liberation Serif" || missing+=(fonts-liberation2 fontconfig)
has_font "DejaVu Serif" || missing+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v msgfmt >/dev/null || missing+=(gettext)
command -v npm >/dev/null || missing+=(nodejs npm)
if [[ "${1:-}" == "--tests" ]]; then
    command -v chromium >/dev/null || missing+=(chromium)
    command -v qpdf >/dev/null || missing+=(qpdf)
    command -v pg_isready >/dev/null || missing+=(postgresql-client)
    command -v redis-cli >/dev/null || missing+=(redis-tools)
fi

((${#missing[@]})) || exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    exit 0
fi
echo "Accord needs these system packages (Debian names): ${missing[*]}" >&2
echo "Install them with: sudo apt-get install ${missing[*]}" >&2
[[ "${CI:-}" != "true" ]]
