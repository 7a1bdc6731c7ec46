// Schema tree → commented YAML (config/default.yaml and friends) and → markdown reference tables.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "qtp/config/config_io.h"
#include "qtp/config/section_internal.h"

namespace qtp::config {

namespace {

// Comments start at most this far right, so one long value does not push every comment away.
constexpr size_t kMaxCommentColumn = 48;

std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string LastKey(const std::string& path) { return path.substr(path.rfind('.') + 1); }

bool IsEmptySection(const SectionImpl& impl) {
  return std::none_of(impl.entries().begin(), impl.entries().end(), [](const SectionEntry& e) {
    return !std::holds_alternative<RuleEntry>(e.item);
  });
}

void AppendCommentLines(std::string& out, const std::string& indent, std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    out += line.empty() ? indent + "#\n" : fmt::format("{}# {}\n", indent, line);
    start = end + 1;
  }
}

std::string ParamComment(const ParamEntry& p) {
  const std::string constraint = FormatConstraint(p);
  std::string comment = OneLine(p.doc);
  if (constraint.empty()) return comment;
  if (!p.choices.empty()) return comment + " (" + constraint + ")";
  return comment + " " + constraint;
}

void WriteSection(std::string& out, const SectionImpl& impl, const std::string& indent) {
  const auto& entries = impl.entries();
  size_t i = 0;
  while (i < entries.size()) {
    if (std::holds_alternative<ParamEntry>(entries[i].item)) {
      // A run of consecutive parameters: align their comments.
      std::vector<std::pair<std::string, std::string>> lines;
      for (; i < entries.size() && std::holds_alternative<ParamEntry>(entries[i].item); ++i) {
        const auto& p = std::get<ParamEntry>(entries[i].item);
        lines.emplace_back(fmt::format("{}{}: {}", indent, p.key, FormatValue(ReadTarget(p))), ParamComment(p));
      }
      size_t width = 0;
      for (const auto& [code, comment] : lines) width = std::max(width, std::min(code.size(), kMaxCommentColumn));
      for (const auto& [code, comment] : lines) {
        const size_t pad = code.size() < width ? width - code.size() : 0;
        out += comment.empty() ? code + "\n" : fmt::format("{}{}  # {}\n", code, std::string(pad, ' '), comment);
      }
    } else if (const auto* rule = std::get_if<RuleEntry>(&entries[i].item)) {
      out += fmt::format("{}# rule: {}\n", indent, OneLine(rule->description));
      ++i;
    } else {
      const SectionImpl& child = std::get<Section*>(entries[i].item)->impl();
      if (i > 0 && !out.ends_with("\n\n")) out += "\n";  // a blank line between a section and what precedes it
      if (!child.doc().empty()) AppendCommentLines(out, indent, child.doc());
      if (IsEmptySection(child)) {
        out += fmt::format("{}{}: {{}}\n", indent, LastKey(child.path()));
      } else {
        out += fmt::format("{}{}:\n", indent, LastKey(child.path()));
      }
      WriteSection(out, child, indent + "  ");
      ++i;
    }
  }
}

std::string EscapeCell(const std::string& text) {
  std::string out;
  for (char c : OneLine(text)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

void WriteMarkdownSection(std::string& out, const SectionImpl& impl) {
  const auto& entries = impl.entries();
  const bool has_params = std::any_of(entries.begin(), entries.end(), [](const SectionEntry& e) {
    return std::holds_alternative<ParamEntry>(e.item);
  });
  const bool has_rules = std::any_of(entries.begin(), entries.end(), [](const SectionEntry& e) {
    return std::holds_alternative<RuleEntry>(e.item);
  });
  if (has_params || has_rules || !impl.path().empty()) {
    out += fmt::format("## {}\n\n", impl.path().empty() ? "Top level" : "`" + impl.path() + "`");
    if (!impl.doc().empty()) out += impl.doc() + "\n\n";
  }
  if (has_params) {
    out += "| key | type | default | range / choices | description |\n";
    out += "|---|---|---|---|---|\n";
    for (const SectionEntry& e : entries) {
      if (const auto* p = std::get_if<ParamEntry>(&e.item)) {
        out += fmt::format("| `{}` | {} | `{}` | {} | {} |\n", p->key, TypeName(*p),
                           EscapeCell(FormatValue(ReadTarget(*p))), EscapeCell(FormatConstraint(*p)),
                           EscapeCell(p->doc));
      }
    }
    out += "\n";
  }
  if (has_rules) {
    out += "Rules:\n\n";
    for (const SectionEntry& e : entries) {
      if (const auto* r = std::get_if<RuleEntry>(&e.item)) out += fmt::format("- {}\n", OneLine(r->description));
    }
    out += "\n";
  }
  for (const SectionEntry& e : entries) {
    if (const auto* c = std::get_if<Section*>(&e.item)) WriteMarkdownSection(out, (*c)->impl());
  }
}

Status CheckWritable(const Section& root) {
  const std::vector<std::string> problems = CheckCurrentValues(root, "");
  if (problems.empty()) return Status::OK();
  return Status::Internal(fmt::format("declared defaults are invalid: {}", fmt::join(problems, "; ")));
}

}  // namespace

Result<std::string> WriteYaml(const Describer& describe, std::string_view header) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Section> root, RecordSchema(describe));
  QTP_RETURN_IF_ERROR(CheckWritable(*root));
  std::string out;
  if (!header.empty()) {
    AppendCommentLines(out, "", header);
    out += "\n";
  }
  std::string body;
  WriteSection(body, root->impl(), "");
  if (body.empty()) body = "{}\n";  // an empty mapping, so the file still loads as one
  return out + body;
}

Result<std::string> WriteMarkdown(const Describer& describe, std::string_view title) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Section> root, RecordSchema(describe));
  QTP_RETURN_IF_ERROR(CheckWritable(*root));
  std::string out;
  if (!title.empty()) out += fmt::format("# {}\n\n", title);
  WriteMarkdownSection(out, root->impl());
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace qtp::config
