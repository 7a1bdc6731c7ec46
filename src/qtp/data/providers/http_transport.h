// The raw HTTP layer under PoliteFetcher: one GET, no policy. CurlTransport is the real one (libcurl);
// tests substitute scripted transports to drive the fetcher's retry and budget logic without a network.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::providers {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any HTTP status is a success here (the fetcher judges it); Unavailable for a timeout or a failed
  // connection. Messages carry no URL (the caller adds a redacted one).
  virtual Result<HttpResponse> Get(const std::string& url,
                                   const std::vector<std::pair<std::string, std::string>>& headers, int timeout_ms) = 0;
};

// libcurl, one easy handle reused across requests (keep-alive); not thread-safe: one per thread.
class CurlTransport : public HttpTransport {
 public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> Get(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                           int timeout_ms) override;
  // A POST of `body` (alert webhooks); same status contract as Get.
  Result<HttpResponse> Post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body, int timeout_ms);

 private:
  Result<HttpResponse> Perform(const std::string& url,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::string* post_body, int timeout_ms);
  void* curl_;  // CURL*, kept opaque so curl.h stays out of every includer
};

}  // namespace qtp::providers
