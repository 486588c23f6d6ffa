# Shared set-up for scripts/kep and scripts/test: install missing Debian packages, build.
# Sourced, not run. Keeps the list of packages in one place.

KEP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages the build needs.
KEP_BUILD_PACKAGES=(cmake g++ make pkg-config git libyaml-cpp-dev libcli11-dev libfmt-dev doctest-dev
  libkainjow-mustache-dev nlohmann-json3-dev libgit2-dev help2man)

# Debian 12 packages the fuzz targets need (scripts/fuzz): clang and its libFuzzer runtime.
KEP_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)

# Prints the packages of "$@" that are not installed.
kep_missing_packages() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$p"
    fi
  done
}

# Installs the packages of "$@" that are missing, and only those.
kep_install_packages() {
  local missing
  missing=$(kep_missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "kep: these Debian packages are missing and I am not root (and there is no sudo):" >&2
      echo "  $missing" | tr '\n' ' ' >&2; echo >&2
      return 3
    fi
  fi
  echo "kep: installing missing Debian packages: $(echo $missing)" >&2
  # apt-get update only when the package lists are empty or the install fails without it.
  # shellcheck disable=SC2086
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2; then
    $sudo apt-get update -q >&2 || return 3
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2 || return 3
  fi
}

# Configures (once) and builds the CMake preset $1 in the folder $2.
kep_build() {
  local preset=$1 dir=$2
  if [ ! -f "$KEP_ROOT/$dir/CMakeCache.txt" ]; then
    (cd "$KEP_ROOT" && cmake --preset "$preset" >&2) || return 3
  fi
  cmake --build "$KEP_ROOT/$dir" -j "$(nproc)" >&2 || return 3
}

# Debian 12 packages only the tests need. Node.js runs the JSON Schema validator (ajv) and the
# browser tests; a machine may already have node and npm from elsewhere (NodeSource's nodejs
# includes npm, and Debian's npm package would conflict with it), so they are asked for only
# when the commands are missing.
KEP_TEST_PACKAGES=(chromium)
command -v node >/dev/null || KEP_TEST_PACKAGES+=(nodejs)
command -v npm >/dev/null || KEP_TEST_PACKAGES+=(npm)

# Installs tests/js/node_modules from package-lock.json when it is missing or out of date.
kep_install_node_modules() {
  local dir="$KEP_ROOT/tests/js"
  local stamp="$dir/node_modules/.kep-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return 0; fi
  echo "kep: installing the test tools' npm packages (tests/js)" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || return 3
  cp "$dir/package-lock.json" "$stamp"
}
