# One-line test registration, in the spirit of ownCloud's owncloud_add_test:
#   casedesk_add_test(NAME <name> SOURCES a.cpp [b.cpp] [LIBS ...] [LABELS ...] [ENV A=1 ...]
#                     [WRAPPER tests/harness/with-….sh])
# Every test runs offscreen, with its own throwaway HOME-like data and config directories
# (QStandardPaths test mode is switched on in the test support library).
function(casedesk_add_test)
    cmake_parse_arguments(T "" "NAME;TARGET" "SOURCES;LIBS;LABELS;ENV;WRAPPER" ${ARGN})
    set(target ${T_TARGET})
    if(NOT target)
        set(target test_${T_NAME})
        add_executable(${target} ${T_SOURCES})
        target_link_libraries(${target} PRIVATE casedesk_testsupport Qt6::Test ${T_LIBS})
    endif()
    if(T_WRAPPER)
        add_test(NAME ${T_NAME} COMMAND ${PROJECT_SOURCE_DIR}/${T_WRAPPER} $<TARGET_FILE:${target}>)
    else()
        add_test(NAME ${T_NAME} COMMAND ${target})
    endif()
    set(labels ${T_LABELS})
    if(NOT labels)
        set(labels unit)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS "${labels}"
        TIMEOUT 600
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CASEDESK_UNATTENDED=1;QT_LOGGING_RULES=qt.qpa.*=false;CASEDESK_FORMS_DIR=${PROJECT_SOURCE_DIR}/forms;${T_ENV}")
endfunction()

# One test source run against both backends: <name>_sqlite, and <name>_postgres labelled
# `postgres` (needs the server that tools/test.sh starts).
function(casedesk_add_backend_test)
    cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(test_${T_NAME} ${T_SOURCES})
    target_link_libraries(test_${T_NAME} PRIVATE casedesk_testsupport Qt6::Test ${T_LIBS})
    casedesk_add_test(NAME ${T_NAME}_sqlite TARGET test_${T_NAME}
        LABELS sqlite ${T_LABELS} ENV CASEDESK_TEST_BACKEND=sqlite)
    casedesk_add_test(NAME ${T_NAME}_postgres TARGET test_${T_NAME}
        LABELS postgres ${T_LABELS} ENV CASEDESK_TEST_BACKEND=postgres)
endfunction()
