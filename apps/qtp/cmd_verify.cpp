#include <cstdio>

#include "cli.h"
#include "qtp/data/store/verify.h"
#include "qtp/pipeline/progress.h"

namespace qtp::cli {

void AddVerifyCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("verify", "Re-hash every stored file against the manifest; exit 1 on any problem");
  static bool json = false;
  cmd->add_flag("--json", json, "Machine-readable report");
  cmd->callback([&g] {
    Progress progress("verify", "files", g.quiet || json);
    auto report = VerifyStore(g.data_dir, [&](size_t done, size_t total) { progress.Update(done, total); });
    if (!report.ok()) {
      g.exit_code = Fail(report.status());
      return;
    }
    std::fputs(json ? report->ToJson().c_str() : report->ToText().c_str(), stdout);
    g.exit_code = report->ok() ? 0 : 1;
  });
}

}  // namespace qtp::cli
