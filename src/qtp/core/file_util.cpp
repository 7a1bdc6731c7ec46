#include "qtp/core/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace qtp {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IOError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

std::string ToHex(const unsigned char* bytes, unsigned n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (unsigned i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(const void* data, size_t n) { EVP_DigestUpdate(ctx_, data, n); }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(ctx_, digest, &n);
    return ToHex(digest, n);
  }

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace

Status FsyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open for fsync", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync failed for", path);
  return Status::OK();
}

Status FsyncDir(const std::string& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync failed for directory", dir);
  return Status::OK();
}

Status RenameFile(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) return Errno("cannot rename " + from + " to", to);
  return Status::OK();
}

Status DurableRename(const std::string& from, const std::string& to) {
  QTP_RETURN_IF_ERROR(RenameFile(from, to));
  return FsyncDir(std::filesystem::path(to).parent_path().string());
}

Status SyncFileSystem(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  const int rc = ::syncfs(fd);
  ::close(fd);
  if (rc != 0) return Errno("syncfs failed for", path);
  return Status::OK();
}

Status MakeDirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(fmt::format("cannot create directory {}: {}", dir, ec.message()));
  return Status::OK();
}

namespace {

// Writes `content` to a sibling temp file of `path` (fsynced when `durable`) and returns its name.
Result<std::string> WriteTempSibling(const std::string& path, const std::string& content, bool durable) {
  const std::filesystem::path target(path);
  if (target.has_parent_path()) QTP_RETURN_IF_ERROR(MakeDirs(target.parent_path().string()));
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp);
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const Status status = Errno("write failed for", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (durable && ::fsync(fd) != 0) {
    const Status status = Errno("fsync failed for", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return status;
  }
  ::close(fd);
  return tmp;
}

}  // namespace

Status AtomicWriteFile(const std::string& path, const std::string& content) {
  QTP_ASSIGN_OR_RETURN(const std::string tmp, WriteTempSibling(path, content, /*durable=*/true));
  return DurableRename(tmp, path);
}

Status ReplaceFile(const std::string& path, const std::string& content) {
  QTP_ASSIGN_OR_RETURN(const std::string tmp, WriteTempSibling(path, content, /*durable=*/false));
  return RenameFile(tmp, path);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Result<std::string> Sha256File(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  Sha256 sha;
  std::vector<char> buffer(1 << 20);
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const Status status = Errno("read failed for", path);
      ::close(fd);
      return status;
    }
    if (n == 0) break;
    sha.Update(buffer.data(), static_cast<size_t>(n));
  }
  ::close(fd);
  return sha.HexDigest();
}

std::string Sha256Hex(const std::string& data) {
  Sha256 sha;
  sha.Update(data.data(), data.size());
  return sha.HexDigest();
}

Result<std::string> WriteFolderWhole(const std::string& root, const std::string& name,
                                     const std::function<Status(const std::string& staging)>& fill) {
  QTP_RETURN_IF_ERROR(MakeDirs(root));
  std::error_code ec;
  std::vector<std::filesystem::path> leftovers;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    if (entry.path().filename().string().starts_with(".staging-")) leftovers.push_back(entry.path());
  }
  for (const auto& path : leftovers) std::filesystem::remove_all(path, ec);
  const std::string staging = fmt::format("{}/.staging-{}-{}", root, name, ::getpid());
  QTP_RETURN_IF_ERROR(MakeDirs(staging));
  QTP_RETURN_IF_ERROR(fill(staging));
  const std::string dir = root + "/" + name;
  std::filesystem::remove_all(dir, ec);
  if (ec) return Status::IOError(fmt::format("cannot replace {}: {}", dir, ec.message()));
  QTP_RETURN_IF_ERROR(DurableRename(staging, dir));
  return dir;
}

}  // namespace qtp
