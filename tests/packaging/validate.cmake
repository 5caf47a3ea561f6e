# Runs one packaging check; used by tests/packaging/CMakeLists.txt as `cmake -P`.
#
#   -DCHECK=desktop  -DFILE=<x.desktop>        desktop-file-validate (errors and warnings fail)
#   -DCHECK=metainfo -DFILE=<x.metainfo.xml>   appstreamcli validate --no-net --pedantic
#   -DCHECK=tree -DBUILD_DIR=<build> -DAPP_ID=<id> -DTREE=<dir> [-DCONFIG=<config>]
#       cmake --install into TREE, check the binary, .desktop, metainfo and icon are where a
#       .deb puts them, then appstreamcli validate-tree (metainfo <-> .desktop consistency).
#
# The validators are looked up when the test runs. A missing tool is a FAILURE, never a skip:
# install them with `apt-get install desktop-file-utils appstream` (tools/install-deps.sh).
cmake_minimum_required(VERSION 3.22)

function(require_tool var name package)
    find_program(${var} ${name})
    if(NOT ${var})
        message(FATAL_ERROR "${name} not found: install the Debian package `${package}` "
            "(tools/install-deps.sh does this). Packaging checks fail without it.")
    endif()
endfunction()

function(run)
    cmake_parse_arguments(R "" "FAIL_REGEX" "" ${ARGN})
    string(REPLACE ";" " " shown "${R_UNPARSED_ARGUMENTS}")
    message("\$ ${shown}")
    execute_process(COMMAND ${R_UNPARSED_ARGUMENTS}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    message("${out}")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (exit status ${rc})")
    endif()
    if(R_FAIL_REGEX AND out MATCHES "${R_FAIL_REGEX}")
        message(FATAL_ERROR "failed: output matches '${R_FAIL_REGEX}'")
    endif()
endfunction()

if(CHECK STREQUAL "desktop")
    require_tool(validator desktop-file-validate desktop-file-utils)
    if(NOT EXISTS "${FILE}")
        message(FATAL_ERROR "${FILE} does not exist")
    endif()
    run(${validator} ${FILE} FAIL_REGEX "(error|warning): ")

elseif(CHECK STREQUAL "metainfo")
    require_tool(validator appstreamcli appstream)
    if(NOT EXISTS "${FILE}")
        message(FATAL_ERROR "${FILE} does not exist")
    endif()
    run(${validator} validate --no-net --pedantic ${FILE})

elseif(CHECK STREQUAL "tree")
    require_tool(validator appstreamcli appstream)
    file(REMOVE_RECURSE "${TREE}")
    set(config_args)
    if(CONFIG)
        set(config_args --config ${CONFIG})
    endif()
    run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${TREE}/usr ${config_args})
    foreach(f
            bin/casedesk
            share/applications/${APP_ID}.desktop
            share/metainfo/${APP_ID}.metainfo.xml
            share/icons/hicolor/scalable/apps/${APP_ID}.svg)
        if(NOT EXISTS "${TREE}/usr/${f}")
            message(FATAL_ERROR "not installed: /usr/${f}")
        endif()
        message("installed: /usr/${f}")
    endforeach()
    run(${validator} validate-tree --no-net --pedantic ${TREE})

else()
    message(FATAL_ERROR "unknown CHECK '${CHECK}'")
endif()
