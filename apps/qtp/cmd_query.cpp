#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "qtp/data/store/duckdb/connection.h"

namespace qtp::cli {
namespace {

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// NULL → null; numbers as JSON numbers (DuckDB's text of a numeric column is a valid number,
// except inf/nan, which JSON cannot hold and stay strings); everything else as a string.
nlohmann::ordered_json JsonValue(const std::string& text, bool numeric) {
  if (text == "NULL") return nullptr;
  if (numeric) {
    nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text, nullptr, false);
    if (parsed.is_number()) return parsed;
  }
  return text;
}

}  // namespace

void AddQueryCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("query", "SQL over the store through DuckDB (views: bars_5m_raw, bars_5m, bars_1d, "
                                          "corporate_actions, universe, universe_membership, quality_issues, ...)");
  static std::string sql;
  static std::string format = "table";
  cmd->add_option("sql", sql, "The SQL statement")->required();
  cmd->add_option("--format", format, "table|csv|json")->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g] {
    auto store = Store::Open({g.data_dir, "", StoreMode::kRead, 0});
    if (!store.ok()) {
      g.exit_code = Fail(store.status());
      return;
    }
    auto csv_line = [](const std::vector<std::string>& fields) {
      std::string line;
      for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + CsvField(fields[i]);
      std::printf("%s\n", line.c_str());
    };
    std::vector<std::string> names;
    std::vector<bool> numeric;
    std::vector<std::vector<std::string>> rows;  // table format: widths need every row first
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    const Status status = (*store)->Query(
        sql,
        [&](const std::vector<duck::QueryColumn>& columns) {
          for (const duck::QueryColumn& c : columns) {
            names.push_back(c.name);
            numeric.push_back(c.numeric);
          }
          if (format == "csv") csv_line(names);  // streamed: rows follow as they come
        },
        [&](const std::vector<std::string>& r) {
          if (format == "csv") {
            csv_line(r);
          } else if (format == "json") {
            nlohmann::ordered_json obj;
            for (size_t i = 0; i < r.size(); ++i) {
              obj[names[i]] = JsonValue(r[i], numeric[i]);
            }
            json.push_back(std::move(obj));
          } else {
            rows.push_back(r);
          }
        });
    if (!status.ok()) {
      g.exit_code = Fail(status);
      return;
    }
    if (format == "json") {
      std::printf("%s\n", json.dump(2).c_str());
    } else if (format == "table") {
      std::vector<size_t> width(names.size());
      for (size_t i = 0; i < names.size(); ++i) width[i] = names[i].size();
      for (const auto& r : rows) {
        for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
      }
      auto print = [&](const std::vector<std::string>& r) {
        std::string line;
        for (size_t i = 0; i < r.size(); ++i) line += (i ? " | " : "") + r[i] + std::string(width[i] - r[i].size(), ' ');
        std::printf("%s\n", line.c_str());
      };
      print(names);
      std::string rule;
      for (size_t i = 0; i < names.size(); ++i) rule += (i ? "-+-" : "") + std::string(width[i], '-');
      std::printf("%s\n", rule.c_str());
      for (const auto& r : rows) print(r);
      std::printf("(%zu rows)\n", rows.size());
    }
  });
}

}  // namespace qtp::cli
