#pragma once

#include <filesystem>
#include <string>

// The state dir and what mmoctl writes in it are private to the user who runs mmoctl: directories 0700,
// files 0600, nothing owned by another user, and no symlink followed where mmoctl writes (a planted link in
// <state>/logs/ would otherwise make mmoctl append node logs to its target). Every refusal is a
// CommandError with exit code kUnsafeStateDir (5) that names the path and how to fix it.
namespace mmo::cli {

// Refuses a state dir (when it exists) that is not a directory or is owned by another user. Readers call
// this before they trust anything in it (state.json names pids that `down` signals).
void refuseForeignStateDir(const std::filesystem::path& stateDir);

// Creates the state dir (mode 0700; missing parents as usual) or checks the existing one as
// refuseForeignStateDir does, then takes group and other permissions off it.
void preparePrivateStateDir(const std::filesystem::path& stateDir);

// A directory inside the state dir (logs/, configs/, data/, data/<region>, nats/): created 0700, or when
// it exists: a real directory (not a symlink) owned by this user, its mode tightened to 0700.
void preparePrivateSubdir(const std::filesystem::path& dir);

// Opens `file` for appending (a log): created 0600, never through a symlink (O_NOFOLLOW), only a regular
// file owned by this user; an existing file's mode is tightened to 0600. Returns the descriptor (the
// caller closes it).
int openPrivateAppend(const std::filesystem::path& file);

// Opens `file` for reading without following a symlink; -1 with errno ENOENT when it does not exist.
// Refuses (kUnsafeStateDir) a symlink, a non-regular file or one owned by another user.
int openPrivateRead(const std::filesystem::path& file);

}  // namespace mmo::cli
