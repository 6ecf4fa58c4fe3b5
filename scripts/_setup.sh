# Shared set-up for scripts/demo and scripts/test: system packages (when root), Python venv, install.
# Sourced, not run.

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Luukku needs Python 3.11 or newer." >&2
  return 1
}

# ensure_debian_packages PKG…: install the missing ones when we may (root + apt-get); returns 1 if any is
# still missing afterwards.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "Installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    return 0
  fi
  echo "Notice: missing Debian packages (${missing[*]}); run as root or install them yourself." >&2
  return 1
}

# ensure_venv EXTRAS: create .venv and install the project with the given extras.
ensure_venv() {
  local python
  python=$(find_python)
  if [ ! -x .venv/bin/python ]; then
    log "Creating the virtual environment (.venv) with $python"
    "$python" -m venv .venv
  fi
  log "Installing Luukku and its dependencies"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$1"
}
