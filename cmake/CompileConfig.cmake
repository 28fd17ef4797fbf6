# One interface target carries the compile settings every Mailscope target shares.
add_library(mailscope_compile_config INTERFACE)
target_compile_options(mailscope_compile_config INTERFACE -Wall -Wextra -pedantic)
target_compile_definitions(mailscope_compile_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    MAILSCOPE_VERSION="${PROJECT_VERSION}")

# Benchmarks print figures that only mean something in an optimised build: the sanitize preset
# leaves them out, and CI the time to build them there.
option(MAILSCOPE_BENCHMARKS "Build the benchmark executables (tests/bench)" ON)

option(MAILSCOPE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

# libFuzzer targets (clang): everything is also instrumented for coverage, so one sanitized build
# (the `sanitize` preset) runs the whole test suite and the fuzzers; tests/fuzz adds libFuzzer's
# main to the fuzz targets.
option(MAILSCOPE_FUZZ "Also build the libFuzzer targets (clang; implies MAILSCOPE_SANITIZE)" OFF)
if(MAILSCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "MAILSCOPE_FUZZ needs clang (the `sanitize` preset sets it)")
    endif()
    set(MAILSCOPE_SANITIZE ON)
    target_compile_options(mailscope_compile_config INTERFACE -fsanitize=fuzzer-no-link)
endif()

if(MAILSCOPE_SANITIZE)
    target_compile_options(mailscope_compile_config INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(mailscope_compile_config INTERFACE -fsanitize=address,undefined)
endif()
