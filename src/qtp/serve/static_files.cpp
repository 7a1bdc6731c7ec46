#include "qtp/serve/static_files.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "qtp/core/file_util.h"

namespace qtp::serve {
namespace {

namespace fs = std::filesystem;

// The path's segments if none can leave the folder, else nullopt.
std::optional<std::string> SafeRelative(std::string_view path) {
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string_view::npos ||
      path.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string out;
  size_t begin = 1;
  while (begin <= path.size()) {
    const size_t slash = path.find('/', begin);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    const std::string_view segment = path.substr(begin, end - begin);
    if (segment == "..") return std::nullopt;
    if (!segment.empty() && segment != ".") {
      if (!out.empty()) out += '/';
      out.append(segment);
    }
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string ContentTypeFor(std::string_view filename) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {{".html", "text/html; charset=utf-8"},
                                                                         {".js", "text/javascript; charset=utf-8"},
                                                                         {".css", "text/css; charset=utf-8"},
                                                                         {".json", "application/json"},
                                                                         {".txt", "text/plain; charset=utf-8"},
                                                                         {".svg", "image/svg+xml"},
                                                                         {".png", "image/png"},
                                                                         {".jpg", "image/jpeg"},
                                                                         {".ico", "image/x-icon"},
                                                                         {".woff2", "font/woff2"},
                                                                         {".woff", "font/woff"},
                                                                         {".map", "application/json"},
                                                                         {".webp", "image/webp"}};
  const size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const auto it = kTypes.find(filename.substr(dot));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(std::string root) {
  std::error_code ec;
  const fs::path canonical = fs::canonical(root, ec);
  root_ = ec ? root : canonical.string();
}

std::optional<StaticFile> StaticFiles::Load(const std::string& relative) const {
  std::error_code ec;
  const fs::path file = fs::canonical(fs::path(root_) / relative, ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  // A symlink inside the folder may point out of it: only what resolves inside is served.
  const std::string resolved = file.string();
  if (resolved.compare(0, root_.size(), root_) != 0 || resolved.size() <= root_.size() ||
      resolved[root_.size()] != '/') {
    return std::nullopt;
  }
  Result<std::string> body = ReadFile(resolved);
  if (!body.ok()) return std::nullopt;
  return StaticFile{std::move(*body), ContentTypeFor(resolved)};
}

std::optional<StaticFile> StaticFiles::Find(std::string_view path) const {
  const std::optional<std::string> relative = SafeRelative(path);
  if (!relative) return std::nullopt;
  std::error_code ec;
  if (relative->empty() || fs::is_directory(fs::path(root_) / *relative, ec)) {
    return Load(relative->empty() ? std::string("index.html") : fmt::format("{}/index.html", *relative));
  }
  if (std::optional<StaticFile> file = Load(*relative)) return file;
  if (fs::path(*relative).extension().empty()) return Load(fmt::format("{}.html", *relative));
  return std::nullopt;
}

std::optional<StaticFile> StaticFiles::NotFoundPage() const { return Load("404.html"); }

}  // namespace qtp::serve
