#!/usr/bin/env bash
# Fuzzes what reads bytes from outside with libFuzzer and AddressSanitizer. Targets:
#
#   language  the djs language: lexer, parser, resolver, evaluator with a step budget,
#             diagnostic renderer (scripts/fuzz/FuzzEntry.swift; seeds: the golden .djs files)
#   reply     the client's reply decoder: JSONParser, the envelope and its errors, job decoding
#             (scripts/fuzz/ReplyFuzzEntry.swift; seeds: JSON replies of Tests/DJSClientTests)
#   http      the simulator's HTTP request parser and the engine behind it
#             (scripts/fuzz/HTTPRequestFuzzEntry.swift; seeds: requests of Tests/DevoSimTests)
#   config    the configuration reader, djs's profiles file and the SDK's ~/.devo.json
#             (scripts/fuzz/ConfigFuzzEntry.swift; seeds: config files of Tests/DJSClientTests)
#
#   scripts/fuzz.sh build [TARGET | all]          compile .build/fuzz/TARGET/TARGET-fuzz
#   scripts/fuzz.sh run [TARGET] [SECONDS] [..]   build, seed the corpus from the test fixtures, fuzz
#                                                 (default 600 s; extra arguments go to libFuzzer)
#   scripts/fuzz.sh repro [TARGET] FILE...        run the target once on each file (a crash reproduces)
#
# TARGET defaults to language. SwiftPM cannot build a fuzzer, so the script compiles with
# swiftc: the language target as every file of Sources/DJS plus its entry in one module, linked
# against DJSSupport (which every target imports); the others link their entry against the
# package's modules, each compiled into a static library with -enable-testing (the entries
# reach internal types through @testable import). Every
# module is instrumented (-sanitize=fuzzer,address) so coverage guides the fuzzer inside it.
# One job only (-jobs=1 -workers=1): the machine is shared. Each target's corpus lives in
# .build/fuzz/TARGET/corpus and grows across runs; crashes, hangs and OOMs land in
# .build/fuzz/TARGET/artifacts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
targets=(language reply http config)
out=".build/fuzz"
modules="$out/modules"
# -O: ASan costs enough already; overflow and bounds checks stay on (only -Ounchecked
# removes them). -g so reports carry file:line.
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6)

is_target() {
    local name
    for name in "${targets[@]}"; do [ "$name" = "$1" ] && return 0; done
    return 1
}

binary_of() { echo "$out/$1/$1-fuzz"; }

swift_files() { find "$@" -name '*.swift' | sort; }

# A package module as an instrumented static library: module_library NAME [DEPENDENCY…].
module_library() {
    local name="$1" sources
    mkdir -p "$modules"
    mapfile -t sources < <(swift_files "Sources/$name")
    swiftc "${flags[@]}" -enable-testing -emit-library -static -emit-module \
        -module-name "$name" -emit-module-path "$modules/$name.swiftmodule" \
        -I "$modules" -I Sources/CCurl/include "${sources[@]}" -o "$modules/lib$name.a"
}

# The C loader of libcurl (DJSClient calls libcurl through it) as a static library; not
# instrumented: libcurl is never opened by what the targets run.
curl_loader_library() {
    mkdir -p "$modules"
    clang -O1 -c Sources/CCurl/CurlLibrary.c -I Sources/CCurl/include -I Sources/CDynamicLibrary/include \
        -o "$modules/CurlLibrary.o"
    clang -O1 -c Sources/CDynamicLibrary/DynamicLibrary.c -I Sources/CDynamicLibrary/include \
        -o "$modules/DynamicLibrary.o"
    rm -f "$modules/libCCurl.a"
    ar rcs "$modules/libCCurl.a" "$modules/CurlLibrary.o" "$modules/DynamicLibrary.o"
}

# Whether lib LIBRARY.a exists and no source of the modules named after it changed since:
# fresh LIBRARY MODULE…
fresh() {
    local library="$modules/lib$1.a"
    shift
    local dirs=() module
    for module in "$@"; do dirs+=("Sources/$module"); done
    [ -f "$library" ] && [ -z "$(find "${dirs[@]}" -newer "$library" -name '*.swift')" ]
}

# An entry linked against libraries: link_entry TARGET ENTRY LIBRARY…
link_entry() {
    local target="$1" entry="$2"
    shift 2
    local libraries=() library
    for library in "$@"; do libraries+=("-l$library"); done
    # lld: gold warns about every ASan helper.
    swiftc "${flags[@]}" -use-ld=lld -module-name "${target^}Fuzz" -I "$modules" -I Sources/CCurl/include \
        "scripts/fuzz/$entry" -L "$modules" "${libraries[@]}" -o "$(binary_of "$target")"
}

build() {
    local target="$1" sources
    mkdir -p "$out/$target"
    case "$target" in
        language)
            fresh DJSSupport DJSSupport || module_library DJSSupport
            mapfile -t sources < <(swift_files Sources/DJS)
            swiftc "${flags[@]}" -use-ld=lld -module-name DJSFuzz -I "$modules" "${sources[@]}" \
                scripts/fuzz/FuzzEntry.swift -L "$modules" -lDJSSupport -o "$(binary_of language)"
            ;;
        reply|config)
            fresh DJSClient DJSClient DevoAuth DJSSupport \
                || { module_library DJSSupport && module_library DevoAuth && module_library DJSClient; }
            curl_loader_library
            if [ "$target" = reply ]; then
                link_entry reply ReplyFuzzEntry.swift DJSClient DevoAuth DJSSupport CCurl
            else
                link_entry config ConfigFuzzEntry.swift DJSClient DevoAuth DJSSupport CCurl
            fi
            ;;
        http)
            fresh DevoSim DevoSim DevoAuth DJSSupport \
                || { module_library DJSSupport && module_library DevoAuth && module_library DevoSim; }
            link_entry http HTTPRequestFuzzEntry.swift DevoSim DevoAuth DJSSupport
            ;;
    esac
    echo "built $(binary_of "$target")"
}

seed() {
    local target="$1" corpus="$out/$1/corpus"
    mkdir -p "$corpus" "$out/$target/artifacts"
    if [ "$target" = language ]; then
        # Named after their folder too: several areas have a case of the same name.
        local file name
        while IFS= read -r file; do
            name="${file#Tests/DJSTests/Golden/}"
            cp -n "$file" "$corpus/golden-${name//\//-}"
        done < <(find Tests/DJSTests/Golden -name '*.djs')
    else
        python3 scripts/fuzz/seeds.py "$target" "$corpus"
    fi
}

dictionary_of() {
    case "$1" in
        language) echo "$root/scripts/fuzz/djs.dict" ;;
        reply|config) echo "$root/scripts/fuzz/json.dict" ;;
        http) echo "$root/scripts/fuzz/http.dict" ;;
    esac
}

command="${1:-run}"
shift || true
target=language
if [ $# -gt 0 ] && { is_target "$1" || [ "$1" = all ]; }; then
    target="$1"
    shift
fi

case "$command" in
    build)
        if [ "$target" = all ]; then
            for name in "${targets[@]}"; do build "$name"; done
        else
            build "$target"
        fi
        ;;
    run)
        [ "$target" != all ] || { echo "scripts/fuzz.sh run: name one target" >&2; exit 64; }
        seconds="${1:-600}"
        shift || true
        build "$target"
        seed "$target"
        corpus="$out/$target/corpus"
        echo "corpus before: $(find "$corpus" -type f | wc -l) files"
        # -detect_leaks=0: in the language, a closure stored in the frame it captures is a
        # reference cycle that ARC never frees (a known cost of the tree walker, reclaimed at
        # exit); reporting it would stop every run at the first nested function.
        # -timeout: an input running longer than 10 s is a hang (the step budget should stop
        # any loop in milliseconds; the parsers are linear). -rss_limit_mb and -malloc_limit_mb:
        # an input using more than 2 GB, or asking for it at once, is an unbounded allocation.
        # Run from the target's folder: with -jobs libFuzzer writes its log (fuzz-0.log) to the
        # current directory.
        export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
        (cd "$out/$target" && "./$target-fuzz" corpus -artifact_prefix=artifacts/ -max_total_time="$seconds" \
            -dict="$(dictionary_of "$target")" \
            -jobs=1 -workers=1 -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
            -max_len=8192 -print_final_stats=1 "$@")
        grep -E '^(stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Done)' "$out/$target/fuzz-0.log" 2>/dev/null || true
        echo "corpus after: $(find "$corpus" -type f | wc -l) files"
        ;;
    repro)
        [ "$target" != all ] || { echo "scripts/fuzz.sh repro: name one target" >&2; exit 64; }
        [ -x "$(binary_of "$target")" ] || build "$target"
        ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$(binary_of "$target")" -runs=1 "$@"
        ;;
    *)
        echo "usage: scripts/fuzz.sh [build [TARGET|all] | run [TARGET] [SECONDS] [libFuzzer args…] | repro [TARGET] FILE…]" >&2
        echo "targets: ${targets[*]} (default: language)" >&2
        exit 64
        ;;
esac
