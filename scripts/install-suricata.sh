#!/usr/bin/env bash
# Installs the Suricata 7 engine (the engine family of AWS Network Firewall) into .tools/suricata
# for the firewall scenario tests (issue #15). Nothing system-wide changes: a private apt
# directory downloads Debian's own packages, `dpkg -x` unpacks them, and the engine runs with
# LD_LIBRARY_PATH (see lib/network/engine/suricata-binary.ts).
#   Debian 12 (bookworm): suricata 7.0.x from bookworm-backports.
#   Debian 13 (trixie):   suricata 7.0.x from trixie main.
# The archive URL is read from this machine's own apt sources at run time. Idempotent: a second
# run with a working engine exits at once.
# Usage: scripts/install-suricata.sh [--force | --if-possible]
#   --if-possible  (npm test's pretest) never fails: prints why the engine could not be installed;
#                  the engine tests then say so (and fail when CI=true).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--if-possible" ]; then
  "$0" || echo "install-suricata: the firewall engine could not be installed here; the engine scenarios will be skipped outside CI (see the README, 'Firewall scenarios on the real engine')" >&2
  exit 0
fi
dest="$root/.tools/suricata"
aptdir="$root/.tools/apt"

engine_works() {
  [ -x "$dest/usr/bin/suricata" ] &&
    LD_LIBRARY_PATH="$dest/usr/lib/x86_64-linux-gnu:$dest/usr/lib/$(uname -m)-linux-gnu:$dest/lib/$(uname -m)-linux-gnu" \
      "$dest/usr/bin/suricata" -V >/dev/null 2>&1
}
if [ "${1:-}" != "--force" ] && engine_works; then
  echo "suricata: already installed in .tools/suricata ($(LD_LIBRARY_PATH="$dest/usr/lib/$(uname -m)-linux-gnu" "$dest/usr/bin/suricata" -V 2>/dev/null))"
  exit 0
fi

fail() { echo "install-suricata: $*" >&2; exit 1; }
command -v apt-get >/dev/null || fail "apt-get not found: this script needs a Debian 12 or 13 machine. Elsewhere install Suricata 7 and set SURICATA_BIN to its path."
. /etc/os-release
case "${VERSION_CODENAME:-}" in
  bookworm) suites="bookworm bookworm-backports"; release="bookworm-backports" ;;
  trixie) suites="trixie"; release="trixie" ;;
  *) fail "Debian ${VERSION_CODENAME:-unknown} is not supported (bookworm or trixie). Install Suricata 7 and set SURICATA_BIN." ;;
esac

# The machine's own Debian archive (deb822 .sources first, then the one-line sources.list).
archive=""
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  # Prints "URI [keyring]" of the first stanza whose Suites name the release itself.
  found="$(awk -v codename="$VERSION_CODENAME" '
    function emit() { if (uris != "" && s ~ ("[ ]" codename "([ ]|$)")) { print uris, key; done = 1 } }
    /^URIs:/ { uris = $2 } /^Suites:/ { s = $0 } /^Signed-By:/ { key = $2 }
    /^[[:space:]]*$/ { if (!done) emit(); uris = ""; s = ""; key = "" }
    END { if (!done) emit() }' "$f" | head -1)"
  archive="${found%% *}"
  [ "$found" != "$archive" ] && [ -f "${found#* }" ] && keyring="${found#* }"
  [ -n "$archive" ] && break
done
if [ -z "$archive" ] && [ -f /etc/apt/sources.list ]; then
  archive="$(awk -v codename="$VERSION_CODENAME" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { if ($(i + 1) == codename) { print $i; exit } } }' /etc/apt/sources.list)"
fi
[ -n "$archive" ] || fail "no Debian archive for $VERSION_CODENAME found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"

mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/sourceparts" "$aptdir/debs"
: >"$aptdir/sources.list"
for s in $suites; do echo "deb [signed-by=$keyring] $archive $s main" >>"$aptdir/sources.list"; done
apt_opts=(
  -o "Dir::Etc::sourcelist=$aptdir/sources.list" -o "Dir::Etc::sourceparts=$aptdir/sourceparts"
  -o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache"
  -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1" -o "Acquire::Languages=none"
)
echo "suricata: reading the $suites package lists from $archive (private apt dir .tools/apt)"
apt-get "${apt_opts[@]}" -qq update

# What apt would add to THIS machine (its dpkg status is only read): suricata and the libraries
# it lacks. Recommends stay out (suricata-update, python).
mapfile -t wanted < <(apt-get "${apt_opts[@]}" -s -qq --no-install-recommends -t "$release" install suricata 2>/dev/null |
  awk '$1 == "Inst" { v = $3; gsub(/[()]/, "", v); print $2 "=" v }')
[ "${#wanted[@]}" -gt 0 ] || fail "apt found no installable suricata in $release"
echo "suricata: downloading ${#wanted[@]} packages"
(cd "$aptdir/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" -qq download "${wanted[@]}")

rm -rf "$dest" && mkdir -p "$dest"
for deb in "$aptdir"/debs/*.deb; do dpkg -x "$deb" "$dest"; done
engine_works || fail "unpacked, but $dest/usr/bin/suricata does not run; see LD_LIBRARY_PATH in lib/network/engine/suricata-binary.ts"
echo "suricata: installed $(LD_LIBRARY_PATH="$dest/usr/lib/$(uname -m)-linux-gnu" "$dest/usr/bin/suricata" -V) in .tools/suricata"
