#!/usr/bin/env bash
# One-off: make the tool's virtualenv. Run it inside the job image, e.g.
#   toolforge jobs run bootstrap --command ./ldwg-bot/toolforge/bootstrap.sh --image python3.11 --wait
set -euo pipefail
cd "$HOME"
python3 -m venv "$HOME/venv"
"$HOME/venv/bin/pip" install -q --upgrade pip
# The tested versions (constraints.txt), not the newest release each range in pyproject.toml allows.
"$HOME/venv/bin/pip" install -q -c "$HOME/ldwg-bot/constraints.txt" "$HOME/ldwg-bot"
mkdir -p "$HOME/logs" "$HOME/pywikibot"
echo "bootstrap done: $("$HOME/venv/bin/ldwg-bot" check-config "$HOME/ldwg-bot.toml")"
