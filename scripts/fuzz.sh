#!/usr/bin/env bash
# Fuzzes the djs language (lexer, parser, resolver, evaluator with a step budget, diagnostic
# renderer) with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh build               compile .build/fuzz/djs-fuzz
#   scripts/fuzz.sh run [SECONDS] [..]  build, seed the corpus from the golden .djs files, fuzz
#                                       (default 600 s; extra arguments go to libFuzzer)
#   scripts/fuzz.sh repro FILE...       run the target once on each file (a crash reproduces)
#
# SwiftPM cannot build a fuzzer from a library target, so the script compiles every file of
# Sources/DJS plus scripts/fuzz/FuzzEntry.swift into one module with swiftc, against
# Sources/DJSSupport (which the language imports) built first as a static library; the dictionary
# scripts/fuzz/djs.dict gives libFuzzer the language's words and extreme numbers. One job only
# (-jobs=1 -workers=1): the machine is shared. The corpus lives in .build/fuzz/corpus and
# grows across runs; crashes, hangs and OOMs land in .build/fuzz/artifacts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out=".build/fuzz"
binary="$out/djs-fuzz"
corpus="$out/corpus"
artifacts="$out/artifacts"

build() {
    mkdir -p "$out/modules"
    local sources support
    mapfile -t support < <(find Sources/DJSSupport -name '*.swift' | sort)
    mapfile -t sources < <(find Sources/DJS -name '*.swift' | sort)
    # -O: ASan costs enough already; overflow and bounds checks stay on (only -Ounchecked
    # removes them). -g so reports carry file:line. lld: gold warns about every ASan helper.
    local flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6)
    swiftc "${flags[@]}" -emit-library -static -emit-module -module-name DJSSupport \
        -emit-module-path "$out/modules/DJSSupport.swiftmodule" "${support[@]}" -o "$out/modules/libDJSSupport.a"
    swiftc "${flags[@]}" -use-ld=lld -I "$out/modules" -module-name DJSFuzz "${sources[@]}" \
        scripts/fuzz/FuzzEntry.swift -L "$out/modules" -lDJSSupport -o "$binary"
    echo "built $binary"
}

seed() {
    mkdir -p "$corpus" "$artifacts"
    # Named after their folder too: several areas have a case of the same name.
    local file name
    while IFS= read -r file; do
        name="${file#Tests/DJSTests/Golden/}"
        cp -n "$file" "$corpus/golden-${name//\//-}"
    done < <(find Tests/DJSTests/Golden -name '*.djs')
}

case "${1:-run}" in
    build)
        build
        ;;
    run)
        shift || true
        seconds="${1:-600}"
        shift || true
        build
        seed
        export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
        echo "corpus before: $(find "$corpus" -type f | wc -l) files"
        # -detect_leaks=0: a closure stored in the frame it captures is a reference cycle that
        # ARC never frees (a known cost of this tree walker, reclaimed at exit); reporting it
        # would stop every run at the first nested function.
        # -timeout: an input running longer than 10 s is a hang (the step budget should stop
        # any loop in milliseconds). -rss_limit_mb: an input using more than 2 GB is an OOM.
        # Run from $out: with -jobs libFuzzer writes its log (fuzz-0.log) to the current directory.
        (cd "$out" && ./djs-fuzz corpus -artifact_prefix=artifacts/ -max_total_time="$seconds" \
            -dict="$root/scripts/fuzz/djs.dict" \
            -jobs=1 -workers=1 -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
            -print_final_stats=1 "$@")
        cat "$out/fuzz-0.log" 2>/dev/null | grep -E '^(stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Done)' || true
        echo "corpus after: $(find "$corpus" -type f | wc -l) files"
        ;;
    repro)
        shift
        [ -x "$binary" ] || build
        ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$binary" -runs=1 "$@"
        ;;
    *)
        echo "usage: scripts/fuzz.sh [build | run [SECONDS] [libFuzzer args…] | repro FILE…]" >&2
        exit 64
        ;;
esac
