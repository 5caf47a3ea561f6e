#!/usr/bin/env bash
# Installs everything needed to build, run and test CaseDesk on Debian 12 (bookworm).
#
#   bash tools/install-deps.sh
#
# Idempotent and quick when there is nothing to do: if every package below is already installed
# (checked with dpkg-query) it does not touch apt at all. Otherwise it runs `apt-get update` once
# and installs the missing packages by name. Uses sudo when not run as root.
set -euo pipefail

packages=(
    # Toolchain and build
    build-essential cmake dpkg-dev file git
    # Qt 6: Core/Gui/Widgets/PrintSupport/Sql/Network/DBus/Test, moc/rcc/uic, Linguist, Charts (and the Qt6OpenGL
    # CMake package it depends on); OpenGL and
    # Vulkan (and xkbcommon) headers that Qt6Gui's CMake package looks for
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-charts-dev libqt6opengl6-dev libgl-dev libvulkan-dev libxkbcommon-dev
    # Run time: SQL drivers, platform plugins (xcb, offscreen), translations, a font
    libqt6sql6-psql libqt6sql6-sqlite qt6-qpa-plugins qt6-translations-l10n fonts-dejavu-core
    # OS keychain: QtKeychain, and libsecret, which QtKeychain loads at run time
    qtkeychain-qt6-dev libsecret-1-0
    # libpq headers: the request watchdog ends a PostgreSQL connection past its deadline
    libpq-dev
    # Test harness: a private PostgreSQL server, a private D-Bus session with a Secret Service,
    # a virtual X server for GUI runs, and the tools the harness calls (pgaudit: the read audit
    # trail, which the harness's server loads; openssl: its TLS certificates)
    postgresql-15 postgresql-client-15 postgresql-15-pgaudit gnome-keyring libsecret-tools dbus
    dbus-x11 xvfb xauth util-linux procps openssl
    # Checks on desktop integration files and code style
    appstream desktop-file-utils clang-format
    # Checks on what CaseDesk writes for other programs: PDFs read back with poppler's pdftotext
    # (and pages drawn with pdftoppm), meeting invitations with an independent iCalendar parser
    poppler-utils python3-icalendar
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
    if [[ $status != ii* ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

sudo=()
if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: these packages are missing and sudo is not available; as root, run:" >&2
        echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${missing[@]}"
