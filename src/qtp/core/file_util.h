// Durable file operations: the building blocks of every crash-safe write in qtp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "qtp/core/status.h"

namespace qtp {

// Writes `content` to `path` atomically: a sibling temp file is written, fsynced and renamed over
// `path`, then the directory is fsynced. Readers see the old or the new file, never a mix.
Status AtomicWriteFile(const std::string& path, const std::string& content);
// Like AtomicWriteFile (readers see the old or the new file, never a mix) but without any fsync: after a
// power loss the file may hold its previous content. For caches and counters, where that costs a
// re-fetch, not data, and an fsync per write would dominate the run.
Status ReplaceFile(const std::string& path, const std::string& content);
// rename(2) then fsync of the destination directory.
Status DurableRename(const std::string& from, const std::string& to);
// rename(2) alone: durable only after a later SyncFileSystem (batched writers use this).
Status RenameFile(const std::string& from, const std::string& to);
// syncfs(2) of the file system holding `path`: every file and directory entry written so far is
// durable on return. One call replaces a per-file fsync when a batch of files is published at once.
Status SyncFileSystem(const std::string& path);
Status FsyncFile(const std::string& path);
Status FsyncDir(const std::string& dir);
Result<std::string> ReadFile(const std::string& path);
Status MakeDirs(const std::string& dir);

// Writes the folder `root`/`name` whole: `fill` writes into a staging folder beside it
// (root/.staging-<name>-<pid>), which then replaces any folder of that name by a rename. Staging
// folders a crashed run left in `root` are removed first, so the caller must be the only writer of
// `root` (the store's write lock). Returns the folder's path.
Result<std::string> WriteFolderWhole(const std::string& root, const std::string& name,
                                     const std::function<Status(const std::string& staging)>& fill);

// Lower-case hex SHA-256 of a file's bytes / of a string.
Result<std::string> Sha256File(const std::string& path);
std::string Sha256Hex(const std::string& data);

}  // namespace qtp
