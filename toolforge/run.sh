#!/usr/bin/env bash
# Entry point of every Toolforge job: ./ldwg-bot/toolforge/run.sh JOB [options]
# Secrets come from `toolforge envvars` (LDWG_BOT_BOTPASSWORD=appname:password,
# LDWG_BOT_USER) or from $HOME/pywikibot/user-password.py (chmod 600); never from the repo.
set -euo pipefail
cd "$HOME"
export PYWIKIBOT_DIR="${PYWIKIBOT_DIR:-$HOME/pywikibot}"
export LDWG_BOT_HOME="${LDWG_BOT_HOME:-$HOME/data}"
job="$1"; shift
exec "$HOME/venv/bin/ldwg-bot" "$job" -always --config "$HOME/ldwg-bot.toml" --report "$HOME/logs/$job.json" "$@"
