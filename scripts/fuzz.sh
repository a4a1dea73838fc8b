#!/usr/bin/env bash
# `make fuzz` (and, for 20 s, `make test`): replays the committed corpus through a plain build
# of each fuzz target, then fuzzes each for FUZZ_SECONDS (default 60) with libFuzzer and
# AddressSanitizer, one target after the other. New inputs go to a temporary copy of the
# corpus, never to the committed one; crashes, hangs and OOMs are written to .run/fuzz/.
# Exits 1 naming the input that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

seconds=${FUZZ_SECONDS:-60}
# Target name and its corpus folder under Tests/Fuzz/corpus/.
targets=("fuzz-http-parser http" "fuzz-websocket-decoder websocket" "fuzz-ingest-body ingest-body"
    "fuzz-visitor-frames visitor-frames")
# Long enough for pipelined requests and a few frames; the targets cut every input into
# one-byte reads too, so much longer inputs only slow the search down.
max_len=4096
artifacts=.run/fuzz
# Why each flag:
#  -sanitize=fuzzer,address  coverage for libFuzzer, AddressSanitizer, the libFuzzer runtime
#                            shipped with the Swift toolchain (not Debian's clang-14 one).
#  -DFUZZING                 FuzzEntry.swift hands over to libFuzzer instead of replaying files.
#  -use-ld=lld               SwiftPM links executables with `--defsym main=<module>_main`; that
#                            must override the `main` of the libFuzzer runtime, which lld does
#                            and gold cannot (it fails on the duplicate).
#  Extern                    for `@_extern(c)`, the declaration of LLVMFuzzerRunDriver.
#  -enable-testing           the ingest-body and visitor-frames targets read internal types.
fuzz_build=(swift build -c release --scratch-path .build-fuzz
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
    -Xswiftc -enable-experimental-feature -Xswiftc Extern -Xswiftc -enable-testing)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

# Builds one product with the command in "$@" (product name last), quietly unless it fails.
build() {
    local log="$work/build.log"
    if ! "$@" >"$log" 2>&1; then
        grep -E 'error|warning: [^p]' "$log" | head -40
        die "fuzz: build failed: $*"
    fi
}

echo "== fuzz: replay the committed corpus (plain build)"
plain_bin=$(swift build --show-bin-path)
for target in "${targets[@]}"; do
    read -r name corpus <<<"$target"
    build swift build --product "$name"
    if ! "$plain_bin/$name" "Tests/Fuzz/corpus/$corpus"; then
        for file in $(find "Tests/Fuzz/corpus/$corpus" -type f | sort); do
            "$plain_bin/$name" "$file" >/dev/null 2>&1 || die "fuzz: $name fails on $file"
        done
        die "fuzz: $name failed replaying Tests/Fuzz/corpus/$corpus"
    fi
done

echo "== fuzz: build with libFuzzer and AddressSanitizer (.build-fuzz)"
started=$SECONDS
for target in "${targets[@]}"; do
    read -r name _ <<<"$target"
    build "${fuzz_build[@]}" --product "$name"
done
echo "built in $((SECONDS - started)) s"

echo "== fuzz: ${seconds} s per target"
failed=0
for target in "${targets[@]}"; do
    read -r name corpus <<<"$target"
    cp -R "Tests/Fuzz/corpus/$corpus" "$work/$name"
    log="$artifacts/$name.log"
    # The Swift runtime's backtracer trips AddressSanitizer; libFuzzer reports crashes itself.
    if SWIFT_BACKTRACE=enable=no ".build-fuzz/release/$name" "$work/$name" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=5 -max_len="$max_len" \
        -artifact_prefix="$artifacts/$name-" -print_final_stats=1 >"$log" 2>&1; then
        # libFuzzer's last line: "Done 123456 runs in 60 second(s)".
        done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" || echo "Done 0 runs in 0 second")
        runs=$(echo "$done_line" | cut -d' ' -f2)
        took=$(echo "$done_line" | cut -d' ' -f5)
        echo "$name: $runs runs in $took s ($((runs / (took > 0 ? took : 1))) runs/s)," \
            "corpus $(find "Tests/Fuzz/corpus/$corpus" -type f | wc -l) -> $(find "$work/$name" -type f | wc -l) inputs"
    else
        input=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)
        grep -E '^(==[0-9]+==ERROR|.*Fatal error|ALARM|SUMMARY)' "$log" | cut -c1-400 | head -5 || true
        echo "$name: FAILED on ${input:-an unknown input} (log: $log)"
        failed=1
    fi
done
[ "$failed" -eq 0 ] || die "fuzz: a target crashed or hung; see above"
