#include "qtp/serve/openapi.h"

#include <fmt/format.h>

namespace qtp::serve {
namespace {

Json ParamSchema(const ParamSpec& p) {
  Json schema = Json::object();
  switch (p.kind) {
    case ParamKind::kDate:
      schema = {{"type", "string"}, {"format", "date"}};
      break;
    case ParamKind::kInt:
      schema = {{"type", "integer"}, {"minimum", p.min}, {"maximum", p.max}};
      if (p.default_int) schema["default"] = *p.default_int;
      break;
    case ParamKind::kEnum:
      schema = {{"type", "string"}, {"enum", p.values}};
      if (!p.default_text.empty()) schema["default"] = p.default_text;
      break;
    case ParamKind::kTicker:
      schema = {{"type", "string"}, {"pattern", "^[A-Za-z0-9.^_-]{1,15}$"}};
      break;
    case ParamKind::kPrefix:
      schema = {{"type", "string"}, {"pattern", "^[A-Za-z0-9.^_-]{0,15}$"}};
      break;
    case ParamKind::kId:
      schema = {{"type", "string"}, {"pattern", "^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$"}};
      break;
    case ParamKind::kList:
      schema = {{"type", "string"},
                {"description", fmt::format("comma-separated, each one of: {}", fmt::join(p.values, ", "))}};
      break;
  }
  return schema;
}

Json ErrorResponse(const char* description) {
  const Json schema = {{"type", "object"}, {"required", {"error"}}, {"properties", {{"error", {{"type", "string"}}}}}};
  return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

}  // namespace

Json OpenApiDocument(const std::vector<Route>& routes) {
  Json paths = Json::object();
  for (const Route& r : routes) {
    Json params = Json::array();
    for (const ParamSpec& p : r.params) {
      params.push_back({{"name", p.name},
                        {"in", p.in == ParamIn::kPath ? "path" : "query"},
                        {"required", p.in == ParamIn::kPath},
                        {"description", p.description},
                        {"schema", ParamSchema(p)}});
    }
    Json ok_schema = {{"type", "string"}};
    if (r.content_type == "application/json") {
      Json properties = Json::object();
      for (const std::string& f : r.fields) properties[f] = Json::object();
      ok_schema = {{"type", "object"}, {"required", r.fields}, {"properties", properties}};
    }
    // The media type without its parameters: "text/plain; version=0.0.4; ..." is listed as text/plain.
    const std::string media_type = r.content_type.substr(0, r.content_type.find(';'));
    Json responses = {{"200",
                       {{"description", r.items.empty() ? r.summary : r.items},
                        {"content", {{media_type, {{"schema", ok_schema}}}}}}},
                      {"400", ErrorResponse("A bad parameter: unknown, malformed or out of range")},
                      {"404", ErrorResponse("Unknown path, ticker, model, backtest or date")},
                      {"405", ErrorResponse("Only GET, HEAD and OPTIONS are answered")},
                      {"503", ErrorResponse("The store could not answer (e.g. mid-reload); retry")}};
    Json get = {{"summary", r.summary}, {"tags", {r.tag}}, {"parameters", params}, {"responses", responses}};
    paths[r.path] = {{"get", get}};
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "qtp API"},
            {"version", "1"},
            {"description",
             "Read-only JSON over the qtp store (docs/api.md), and its metrics for Prometheus at /metrics. Lists "
             "are paginated with limit and offset and carry total, limit, offset and items."}}},
          {"paths", paths}};
}

}  // namespace qtp::serve
