# Common compile settings for every CaseDesk target, as qBittorrent's common config does.
add_library(casedesk_compile_options INTERFACE)
target_compile_definitions(casedesk_compile_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
target_compile_options(casedesk_compile_options INTERFACE -Wall -Wextra -Wpedantic)
if(CASEDESK_WERROR)
    target_compile_options(casedesk_compile_options INTERFACE -Werror)
endif()
if(CASEDESK_SANITIZE)
    target_compile_options(casedesk_compile_options INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(casedesk_compile_options INTERFACE -fsanitize=address,undefined)
endif()
