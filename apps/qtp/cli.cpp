#include "cli.h"

#include <cstdio>

namespace qtp::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists: return 2;
    default: return 1;
  }
}

Result<ProjectConfig> LoadConfig(const Globals& g) { return LoadProjectConfig(ProjectRootOf(g.data_dir), g.config_file); }

Result<std::unique_ptr<Store>> OpenStore(const Globals& g, StoreMode mode, const std::string& run_id,
                                         const config::SystemLimits& limits) {
  StoreOptions options;
  options.data_dir = g.data_dir;
  options.run_id = run_id;
  options.mode = mode;
  options.max_store_bytes = static_cast<uint64_t>(limits.storage_cap_gb * 1e9);
  return Store::Open(options);
}

Result<DateDays> OptionalDate(const std::string& text) {
  if (text.empty()) return kNullDate;
  return ParseDate(text);
}

}  // namespace qtp::cli
