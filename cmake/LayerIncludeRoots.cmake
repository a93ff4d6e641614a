# Include roots per layer (docs/architecture.md, "Layers"). Every header is included by its path from the
# repository root ("common/http/Router.hpp"), but no target gets the repository root itself: each layer
# gets a directory of its own under the build dir that holds one symlink, <root>/<layer> -> <source>/<layer>.
# A library exports its layer's root, so a target sees the layers it links and no others:
#   common/           sees common
#   node/             sees node and common (it links common's libraries)
#   cli/              sees cli and common
#   tests/, fuzz/, bench/ see what they link, plus their own folder
# An include of node/ from cli/ therefore fails to compile; scripts/check-layers.sh says the same in words.

# mmo_layer_include_root(<layer> <out var>): creates <build>/include-roots/<layer>/<layer> once.
function(mmo_layer_include_root layer out)
  set(root "${PROJECT_BINARY_DIR}/include-roots/${layer}")
  if(NOT IS_SYMLINK "${root}/${layer}")
    file(MAKE_DIRECTORY "${root}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${layer}" "${root}/${layer}" SYMBOLIC)
  endif()
  set(${out} "${root}" PARENT_SCOPE)
endfunction()
