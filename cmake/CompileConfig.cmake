# One interface target carries the compile settings every Mailscope target shares.
add_library(mailscope_compile_config INTERFACE)
target_compile_options(mailscope_compile_config INTERFACE -Wall -Wextra -pedantic)
target_compile_definitions(mailscope_compile_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    MAILSCOPE_VERSION="${PROJECT_VERSION}")

option(MAILSCOPE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(MAILSCOPE_SANITIZE)
    target_compile_options(mailscope_compile_config INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(mailscope_compile_config INTERFACE -fsanitize=address,undefined)
endif()
