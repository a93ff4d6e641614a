# Precompiled headers for the two headers that dominate the build: CLI11 2.1 (header-only, about 10 s
# per translation unit that includes it) and GoogleTest (about 2 s in each of ~80 test sources). Each is
# compiled once per build dir, in its own small target, and reused by the targets that include it
# (GCC falls back to the plain header, with a -Winvalid-pch warning, if the flags ever stop matching).
option(MMO_PCH "Compile CLI11 and GoogleTest once per build dir (precompiled headers)" ON)

# mmo_add_pch_target(<name> <link target> <header>...): a target whose precompiled header others reuse.
function(mmo_add_pch_target name link_target)
  if(NOT MMO_PCH)
    return()
  endif()
  add_library(${name} STATIC ${PROJECT_SOURCE_DIR}/cmake/PchAnchor.cpp)
  target_link_libraries(${name} PUBLIC ${link_target})
  target_precompile_headers(${name} PRIVATE ${ARGN})
endfunction()

# mmo_reuse_pch(<target> <pch target> [ONLY_IF_INCLUDES <header>])
# With ONLY_IF_INCLUDES, sources of the target that do not include <header> compile without the
# precompiled header: loading CLI11's costs a TU that never uses it about half a second.
function(mmo_reuse_pch target pch_target)
  cmake_parse_arguments(P "" "ONLY_IF_INCLUDES" "" ${ARGN})
  if(NOT MMO_PCH)
    return()
  endif()
  target_precompile_headers(${target} REUSE_FROM ${pch_target})
  target_compile_options(${target} PRIVATE -Winvalid-pch)
  if(P_ONLY_IF_INCLUDES)
    get_target_property(sources ${target} SOURCES)
    get_target_property(source_dir ${target} SOURCE_DIR)
    foreach(source IN LISTS sources)
      cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${source_dir}" OUTPUT_VARIABLE path)
      file(STRINGS "${path}" hits REGEX "#include <${P_ONLY_IF_INCLUDES}>" LIMIT_COUNT 1)
      if(NOT hits)
        set_source_files_properties(${source} TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
      endif()
    endforeach()
  endif()
endfunction()
