// A Fetcher for connector unit tests: one plain GET per call with cpp-httplib, no retries, no cache,
// no budget (those belong to PoliteFetcher and are tested there). Records what it was asked.
#pragma once

#include <string>
#include <vector>

#include <httplib.h>

#include "qtp/data/providers/fetcher.h"

namespace qtp::testing {

class DirectFetcher : public providers::Fetcher {
 public:
  Status Get(const providers::HttpRequest& request, const providers::AcceptBody& accept) override {
    urls.push_back(request.url);
    const size_t scheme_end = request.url.find("://");
    const size_t path_start = request.url.find('/', scheme_end + 3);
    httplib::Client client(request.url.substr(0, path_start));
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    for (const auto& [key, value] : request.headers) headers.emplace(key, value);
    const httplib::Result reply = client.Get(request.url.substr(path_start), headers);
    if (!reply) return Status::Unavailable("connection failed: " + request.url);
    if (reply->status == 429) return Status::RateLimited("HTTP 429");
    if (reply->status >= 500) return Status::Unavailable("HTTP " + std::to_string(reply->status));
    if (reply->status == 404) return Status::NotFound("HTTP 404");
    if (reply->status != 200) return Status::InvalidArgument("HTTP " + std::to_string(reply->status));
    return accept(reply->body);
  }
  std::vector<std::string> urls;
};

}  // namespace qtp::testing
