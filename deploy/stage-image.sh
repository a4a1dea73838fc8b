#!/usr/bin/env bash
# Assembles the runtime file tree of the container image from a release build:
#
#   OUT/app/bin/{ingest-api,telegram-gateway,notify-hub,operator-relay}
#   OUT/app/bin/*.resources          SwiftPM resource bundles (ingest-api's migrations, FAQ, …)
#   OUT/usr/lib/swift/linux/*.so     the Swift runtime libraries the executables load
#
# The Dockerfile runs it in the build stage and copies OUT/ onto the slim runtime image;
# scripts/deploy-check.sh runs the same script on this machine and starts the services from
# OUT (with the toolchain and the build folder hidden), so what the image gets is tested.
#
#   deploy/stage-image.sh OUT [BIN_DIR]     (BIN_DIR: default `swift build -c release --show-bin-path`)
set -euo pipefail
out=${1:?usage: stage-image.sh OUT [BIN_DIR]}
bin=${2:-$(swift build -c release --show-bin-path)}
executables=(ingest-api telegram-gateway notify-hub operator-relay)

# The toolchain's runtime library folder: <toolchain>/usr/lib/swift/linux, next to bin/swift.
swift_bin=$(cd "$(dirname "$(command -v swift)")" && pwd -P)
swift_libs=$(cd "$swift_bin/../lib/swift/linux" && pwd -P)

mkdir -p "$out/app/bin" "$out/usr/lib/swift/linux"
for exe in "${executables[@]}"; do
    [ -x "$bin/$exe" ] || { echo "stage-image: $bin/$exe missing (swift build -c release first)" >&2; exit 1; }
    install -m 0755 "$bin/$exe" "$out/app/bin/$exe"
done

# Bundle.module looks for <Package>_<Target>.resources next to the executable first (then at
# the absolute build path, which does not exist in the image): so the bundles go in app/bin.
shopt -s nullglob
bundles=("$bin"/*.resources)
for bundle in "${bundles[@]}"; do
    rm -rf "$out/app/bin/$(basename "$bundle")"
    cp -R "$bundle" "$out/app/bin/"
done
chmod -R a+rX "$out/app"

# Only the Swift libraries the executables actually load (ldd lists them transitively,
# e.g. lib_FoundationICU through FoundationInternationalization), not the whole toolchain
# folder (XCTest, Testing, remote mirror… are not needed at run time).
copied=0
while read -r lib; do
    case $(readlink -f "$lib") in
    "$swift_libs"/*)
        cp -L "$lib" "$out/usr/lib/swift/linux/"
        copied=$((copied + 1))
        ;;
    esac
done < <(for exe in "${executables[@]}"; do ldd "$bin/$exe"; done | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u)
[ "$copied" -gt 0 ] || { echo "stage-image: no Swift runtime library found under $swift_libs" >&2; exit 1; }
chmod a+r "$out"/usr/lib/swift/linux/*.so
echo "stage-image: ${#executables[@]} executables, ${#bundles[@]} resource bundle(s), $copied Swift libraries in $out" >&2
