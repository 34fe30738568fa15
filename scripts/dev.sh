#!/usr/bin/env bash
# scripts/dev.sh: set-up on a fresh Debian 12 machine.
#   bash scripts/dev.sh demo   install what is missing, build, run the main job on a bundled example
#   bash scripts/dev.sh test   install what is missing, build, run the whole test suite
#   bash scripts/dev.sh build  install what is missing and build only
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ ccache ninja-build pkg-config clang-format libcurl4-openssl-dev
          nlohmann-json3-dev libcli11-dev libfmt-dev doctest-dev libcpp-httplib-dev
          verilator iverilog bubblewrap python3 make time chromium
          yosys slurm-wlm munge)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "rtlduet set-up: missing Debian packages: ${missing[*]}" >&2
    echo "run as root, or install them first: sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "rtlduet set-up: installing ${missing[*]}" >&2
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DRTLDUET_WERROR=ON -DRTLDUET_REQUIRE_TOOLS=ON
  cmake --build build
}

case "${1:-}" in
  demo)
    install_missing
    build
    ./build/src/rtlduet doctor
    # The main job, offline: a scripted recording replays the LLM side (see its README).
    ./build/src/rtlduet run benchmarks/examples/counter/spec.txt -n 1 -t 3 \
        --replay benchmarks/examples/counter/recording --out build/demo-out
    ;;
  test)
    install_missing
    build
    ctest --test-dir build --output-on-failure -j "$(nproc)"
    ;;
  build)
    install_missing
    build
    ;;
  *)
    echo "usage: bash scripts/dev.sh demo|test|build" >&2
    exit 2
    ;;
esac
