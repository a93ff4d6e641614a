// The one source of a precompiled-header target (cmake/PrecompiledHeaders.cmake): the header is
// compiled for it, and other targets reuse the result.
