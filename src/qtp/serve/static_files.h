// The dashboard's static export (`web/out`, Next.js `output: export`) served from a folder: a file
// as it is, index.html for a folder, and <path>.html for an extensionless path (/ticker → ticker.html).
// Nothing outside the folder is ever served (no "..", no symlink out of it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qtp::serve {

struct StaticFile {
  std::string body;
  std::string content_type;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // The file `path` (a URL path, decoded) names, or nullopt.
  std::optional<StaticFile> Find(std::string_view path) const;
  // The folder's 404.html, or nullopt.
  std::optional<StaticFile> NotFoundPage() const;

 private:
  std::optional<StaticFile> Load(const std::string& relative) const;
  std::string root_;  // canonical
};

// The Content-Type for a file name's extension (application/octet-stream when unknown).
std::string ContentTypeFor(std::string_view filename);

}  // namespace qtp::serve
