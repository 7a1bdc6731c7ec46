#include "qtp/data/import/importer.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "qtp/core/csv.h"
#include "qtp/core/file_util.h"
#include "qtp/data/import/csv_layout.h"
#include "qtp/data/import/membership.h"
#include "qtp/data/import/timestamp.h"
#include "qtp/data/store/schema.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name.front() == '.';
}

std::string LowerExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return ext;
}

Result<std::vector<std::string>> ListFiles(const std::string& root) {
  std::error_code ec;
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) return Status::IOError(fmt::format("{}: cannot list folder: {}", root, ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Status::IOError(fmt::format("{}: cannot list folder: {}", root, ec.message()));
    if (IsHidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string SkipReasonForExtension(const std::string& ext) {
  if (ext == ".json") {
    return "not a CSV file: a JSON provider reply (read by the provider connectors, not by import)";
  }
  return fmt::format("not a CSV file (extension '{}')", ext);
}

// Everything a walk collects before the membership step.
struct Pending {
  std::vector<std::pair<size_t, std::vector<MembershipEvent>>> changes;  // (file report index, events)
  std::vector<std::pair<size_t, ConstituentsList>> constituents;
};

class ImportRun {
 public:
  ImportRun(Store& store, Ingestor& ingestor, const ImportRequest& request, const ImportProgressFn& progress)
      : store_(store), ingestor_(ingestor), request_(request), progress_(progress) {}

  Result<ImportReport> Run();

 private:
  // Classifies and handles one file; the report entry is filled in. Only store/ingest errors return.
  Status ImportFile(const std::string& path, FileReport& file);
  Status IngestBars(ParsedBarFile& parsed, FileReport& file);
  Status BuildMembership();
  Status WriteUniverseCsv();

  Store& store_;
  Ingestor& ingestor_;
  const ImportRequest& request_;
  const ImportProgressFn& progress_;
  bool single_file_ = false;
  ImportReport report_;
  Pending pending_;
  size_t rows_read_ = 0;
};

Status ImportRun::IngestBars(ParsedBarFile& parsed, FileReport& file) {
  file.kind = parsed.interval == BarInterval::k5m ? "bars_5m" : "bars_1d";
  file.data_rows = parsed.data_rows;
  file.rows_passed_on = parsed.rows_passed_on();
  file.rows_with_missing_values = parsed.rows_with_missing_values;
  file.rows_with_bad_values = parsed.rows_with_bad_values;
  file.rows_rejected = parsed.rows_rejected;
  file.source = parsed.source;
  file.adjustment = PriceAdjustmentName(parsed.adjustment);
  file.time_basis = parsed.time_basis;
  file.end_labels_shifted = parsed.end_labels_shifted;
  file.ignored_columns = parsed.ignored_columns;
  file.problems = std::move(parsed.problems);
  for (const CorporateAction& a : parsed.actions) {
    (a.type == CorporateActionType::kSplit ? file.splits : file.dividends) += 1;
  }
  for (Bars5m& bars : parsed.bars_5m) {
    file.tickers.push_back(bars.ticker);
    if (bars.empty()) continue;
    QTP_ASSIGN_OR_RETURN(IngestStats stats, ingestor_.AddBars5m(std::move(bars)));
    file.ingest += stats;
  }
  for (Bars1d& bars : parsed.bars_1d) {
    file.tickers.push_back(bars.ticker);
    if (bars.empty()) continue;
    QTP_ASSIGN_OR_RETURN(IngestStats stats, ingestor_.AddBars1d(std::move(bars)));
    file.ingest += stats;
  }
  if (!parsed.actions.empty()) QTP_RETURN_IF_ERROR(ingestor_.AddCorporateActions(parsed.actions));
  report_.totals += file.ingest;
  file.outcome = FileOutcome::kImported;
  return Status::OK();
}

Status ImportRun::ImportFile(const std::string& path, FileReport& file) {
  file.path = path;
  file.kind = "other";
  const std::string ext = LowerExtension(path);
  if (!single_file_ && ext != ".csv") {
    file.reason = SkipReasonForExtension(ext);
    return Status::OK();
  }
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    file.outcome = FileOutcome::kFailed;
    file.reason = text.status().message();
    return Status::OK();
  }
  csv::Reader reader(*text);
  csv::Record header;
  std::optional<CsvLayout> layout;
  if (reader.Next(header)) {
    Result<CsvLayout> detected = DetectLayout(header.fields, path);
    if (!detected.ok()) {
      file.outcome = FileOutcome::kFailed;
      file.reason = detected.status().message();
      return Status::OK();
    }
    layout = *detected;
  }
  const CsvKind kind = layout ? layout->kind : CsvKind::kBars;  // an empty file fails in the bar parser
  if (kind == CsvKind::kMembershipChanges) {
    file.kind = "membership_changes";
    Result<std::vector<MembershipEvent>> events = ParseMembershipChanges(*text, path);
    if (!events.ok()) {
      file.outcome = FileOutcome::kFailed;
      file.reason = events.status().message();
      return Status::OK();
    }
    file.data_rows = events->size();
    file.outcome = FileOutcome::kImported;
    pending_.changes.emplace_back(static_cast<size_t>(&file - report_.files.data()), std::move(*events));
    return Status::OK();
  }
  if (kind == CsvKind::kConstituents) {
    file.kind = "constituents";
    Result<ConstituentsList> list = ParseConstituents(*text, path);
    if (!list.ok()) {
      file.outcome = FileOutcome::kFailed;
      file.reason = list.status().message();
      return Status::OK();
    }
    file.data_rows = list->members.size();
    file.outcome = FileOutcome::kImported;
    pending_.constituents.emplace_back(static_cast<size_t>(&file - report_.files.data()), std::move(*list));
    return Status::OK();
  }
  Result<ParsedBarFile> parsed = ParseBarCsv(*text, path, request_.csv);
  if (!parsed.ok()) {
    const Status& s = parsed.status();
    file.outcome = s.code() == StatusCode::kNotSupported ? FileOutcome::kSkipped : FileOutcome::kFailed;
    file.reason = s.message();
    return Status::OK();
  }
  rows_read_ += parsed->data_rows;
  return IngestBars(*parsed, file);
}

Status ImportRun::BuildMembership() {
  MembershipReport& m = report_.membership;
  if (pending_.changes.empty()) return Status::OK();
  for (size_t i = 1; i < pending_.changes.size(); ++i) {
    FileReport& extra = report_.files[pending_.changes[i].first];
    extra.outcome = FileOutcome::kFailed;
    extra.reason = fmt::format("more than one membership changes file in one import; {} was used",
                               report_.files[pending_.changes[0].first].path);
  }
  FileReport& changes_file = report_.files[pending_.changes[0].first];
  if (pending_.constituents.empty()) {
    changes_file.outcome = FileOutcome::kFailed;
    changes_file.reason = "membership not built: no constituents list in this import to anchor the backward walk "
                          "(import the folder that holds both)";
    return Status::OK();
  }
  // The anchor is the newest list: the walk runs backwards from it.
  const auto anchor = std::max_element(pending_.constituents.begin(), pending_.constituents.end(),
                                       [](const auto& a, const auto& b) { return a.second.as_of < b.second.as_of; });
  Result<MembershipHistory> history = ReconstructMembership(anchor->second, pending_.changes[0].second);
  if (!history.ok()) {
    changes_file.outcome = FileOutcome::kFailed;
    changes_file.reason = history.status().message();
    return Status::OK();
  }
  const std::string source = fs::path(changes_file.path).filename().string();
  QTP_ASSIGN_OR_RETURN(Table table, BuildUniverseMembership(*history, source));
  QTP_RETURN_IF_ERROR(store_.Replace(schema::UniverseMembership(), "", std::move(table)).status());
  QTP_RETURN_IF_ERROR(store_.Commit());
  m.built = true;
  m.changes_path = changes_file.path;
  m.constituents_path = anchor->second.path;
  m.anchor_date = anchor->second.as_of == kNullDate ? "" : FormatDate(anchor->second.as_of);
  m.events = history->events;
  m.intervals = history->intervals.size();
  m.current_members = anchor->second.members.size();
  m.censored_starts = static_cast<size_t>(std::count_if(history->intervals.begin(), history->intervals.end(),
                                                        [](const MembershipInterval& i) { return i.start_censored; }));
  m.renames_collapsed = history->renames_collapsed;
  m.warnings = history->warnings;
  return Status::OK();
}

Status ImportRun::WriteUniverseCsv() {
  if (!request_.write_universe_csv || pending_.constituents.empty()) return Status::OK();
  std::vector<ConstituentsList> lists;
  for (auto& [index, list] : pending_.constituents) lists.push_back(list);
  const std::vector<Constituent> merged = MergeConstituents(std::move(lists));
  const std::string dir = (fs::path(store_.data_dir()) / "universe").string();
  const std::string path = (fs::path(dir) / "sp500_constituents.csv").string();
  QTP_RETURN_IF_ERROR(MakeDirs(dir));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(path, UniverseCsv(merged)));
  report_.membership.universe_csv_path = path;
  report_.membership.universe_tickers = merged.size();
  return Status::OK();
}

Result<ImportReport> ImportRun::Run() {
  if (request_.path.empty()) return Status::InvalidArgument("import: --path is required");
  if (request_.commit_every_files == 0) return Status::InvalidArgument("import: commit_every_files must be >= 1");
  QTP_RETURN_IF_ERROR(TimeZone::Locate(request_.csv.tz).status());
  std::error_code ec;
  const fs::file_status st = fs::status(request_.path, ec);
  if (ec || !fs::exists(st)) return Status::NotFound(fmt::format("import: {} does not exist", request_.path));
  single_file_ = !fs::is_directory(st);
  if (!single_file_ && !request_.csv.ticker.empty()) {
    return Status::InvalidArgument(fmt::format(
        "import: --ticker applies to a single file, but {} is a folder (tickers come from a ticker column or the file "
        "names there)",
        request_.path));
  }
  std::vector<std::string> paths;
  if (single_file_) {
    paths.push_back(request_.path);
  } else {
    QTP_ASSIGN_OR_RETURN(paths, ListFiles(request_.path));
  }
  report_.files.resize(paths.size());
  size_t since_commit = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    FileReport& file = report_.files[i];
    QTP_RETURN_IF_ERROR(ImportFile(paths[i], file).WithContext(fmt::format("while importing {}", paths[i])));
    if (single_file_ && file.outcome != FileOutcome::kImported) {
      return Status::InvalidArgument(file.reason);
    }
    if (file.outcome == FileOutcome::kImported && ++since_commit >= request_.commit_every_files) {
      QTP_RETURN_IF_ERROR(ingestor_.Commit());
      since_commit = 0;
    }
    if (progress_) QTP_RETURN_IF_ERROR(progress_({i + 1, paths.size(), rows_read_, paths[i]}));
  }
  QTP_RETURN_IF_ERROR(ingestor_.Commit());
  QTP_RETURN_IF_ERROR(BuildMembership());
  if (single_file_ && report_.files.front().outcome != FileOutcome::kImported) {
    return Status::InvalidArgument(report_.files.front().reason);
  }
  QTP_RETURN_IF_ERROR(WriteUniverseCsv());
  return std::move(report_);
}

}  // namespace

Result<ImportReport> RunImport(Store& store, Ingestor& ingestor, const ImportRequest& request,
                               const ImportProgressFn& progress) {
  return ImportRun(store, ingestor, request, progress).Run();
}

}  // namespace qtp
