// Entry points that run a describe function (see section.h) in one of its three modes.
//
//   QtpConfig cfg;                                          // retail defaults
//   auto describe = [&](config::Section& root) { DescribeAll(root, cfg); };
//   QTP_RETURN_IF_ERROR(config::LoadYamlFile("config/default.yaml", describe));
//   QTP_ASSIGN_OR_RETURN(std::string yaml, config::WriteYaml(describe, "qtp defaults"));
//   QTP_ASSIGN_OR_RETURN(std::string md, config::WriteMarkdown(describe, "Configuration"));
#pragma once

#include <string>
#include <string_view>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::config {

// Reads a YAML mapping into the variables `describe` declares. Keys absent from the file keep their
// current values, so partial files are fine; an empty file changes nothing.
// Errors (InvalidArgument, all of them reported, one per line, each "file:line: key.path: reason"):
// unknown key, wrong type (quoted "5" for a number counts as a string), value out of range, string
// not among the choices, a mapping where a value is expected or vice versa, a rule that fails.
// On any error the variables are left exactly as they were. NotFound/IOError if the file cannot be
// read; InvalidArgument with line and column for YAML syntax errors.
Status LoadYamlFile(const std::string& path, const Describer& describe);
// Same, from text; `source_name` stands in for the file name in messages.
Status LoadYamlString(std::string_view text, std::string_view source_name, const Describer& describe);

// Commented YAML with every key and its current value (the defaults, on a fresh struct):
//   # <header lines>
//   # <section doc>
//   clean:
//     spike_threshold_mad: 8.0   # Spike threshold in MADs [1..50]
// Deterministic (declaration order, shortest round-trip number formatting). Loading the output
// reproduces the current values exactly. `header` (may be multi-line, may be empty) opens the file.
Result<std::string> WriteYaml(const Describer& describe, std::string_view header);

// Markdown reference: optional "# title", then per section a "## `path`" heading, its doc, and a table
// | key | type | default | range / choices | description |, followed by the section's rules.
Result<std::string> WriteMarkdown(const Describer& describe, std::string_view title);

// Checks the current values against their ranges, choices and rules (e.g. after command-line
// overrides). InvalidArgument naming every offending key path.
Status ValidateValues(const Describer& describe);

// Shorthands for one Params struct whose DescribeParams(Section&, P&) is found by argument-dependent
// lookup, e.g. LoadParamsFile("config/system_limits.yaml", limits).
template <class P>
Status LoadParamsFile(const std::string& path, P& params) {
  return LoadYamlFile(path, [&params](Section& root) { DescribeParams(root, params); });
}
template <class P>
Result<std::string> ParamsYaml(P& params, std::string_view header) {
  return WriteYaml([&params](Section& root) { DescribeParams(root, params); }, header);
}

}  // namespace qtp::config
