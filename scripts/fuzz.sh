#!/usr/bin/env bash
# Builds the libFuzzer targets (the sanitize preset: clang, ASan, UBSan) and runs each for a bounded time, seeded
# from tests/fuzz/corpus, tests/data (mime) and, when present, ../shared/corpus.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, every target)
# A crash stops the run; its input is printed and kept under build/sanitize/fuzz-artifacts/: add it to
# tests/data/fuzz/<target>/ with the fix, and the ctest test fuzz_<target>_replay runs it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(command protocol datareader mime plan http)

cmake --preset sanitize >/dev/null
cmake --build --preset sanitize --target fuzzers

shared_corpus="${MAILSCOPE_CORPUS_DIR:-../shared/corpus}"
tree="build/sanitize"
artifacts="$tree/fuzz-artifacts"
mkdir -p "$artifacts"
failed=()
for target in "${targets[@]}"; do
    work="$tree/fuzz-corpus/$target"   # what the fuzzer learns, kept between runs
    mkdir -p "$work"
    seeds=("tests/fuzz/corpus/$target")
    [[ -d "tests/data/fuzz/$target" ]] && seeds+=("tests/data/fuzz/$target")
    if [[ "$target" == mime ]]; then
        seeds=(tests/data/mime)
        [[ -d tests/data/fuzz/mime ]] && seeds+=(tests/data/fuzz/mime)
        [[ -d "$shared_corpus/messages" ]] && seeds+=("$shared_corpus/messages" "$shared_corpus/hostile")
    fi
    echo "== fuzz_$target for ${seconds}s"
    if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
         "$tree/tests/fuzz/fuzz_$target" "$work" "${seeds[@]}" \
         -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
         -print_final_stats=1 -artifact_prefix="$artifacts/$target-" 2>"$tree/fuzz-$target.log"; then
        tail -n 60 "$tree/fuzz-$target.log"
        failed+=("$target")
    else
        grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" "$tree/fuzz-$target.log" || true
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzzing found a failure in: ${failed[*]} (inputs in $artifacts)"
    exit 1
fi
echo "fuzzing: no failure in ${targets[*]}"
