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

# mmo_reuse_pch(<target> <pch target>)
function(mmo_reuse_pch target pch_target)
  if(MMO_PCH)
    target_precompile_headers(${target} REUSE_FROM ${pch_target})
    target_compile_options(${target} PRIVATE -Winvalid-pch)
  endif()
endfunction()
