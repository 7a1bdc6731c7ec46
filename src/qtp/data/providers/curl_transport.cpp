#include <algorithm>
#include <cctype>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

#include "qtp/data/providers/http_transport.h"
#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// Keeps the last response's headers: after a redirect curl reports every hop's, and the final one wins.
size_t AppendHeader(char* data, size_t size, size_t count, void* out) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(out);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) headers->clear();
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    const std::string name = Lower(std::string_view(line).substr(0, colon));
    std::string value = line.substr(colon + 1);
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    value.erase(value.begin(), std::find_if(value.begin(), value.end(), not_space));
    value.erase(std::find_if(value.rbegin(), value.rend(), not_space).base(), value.end());
    (*headers)[name] = value;
  }
  return size * count;
}

}  // namespace

CurlTransport::CurlTransport() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

CurlTransport::~CurlTransport() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Result<HttpResponse> CurlTransport::Get(const std::string& url,
                                        const std::vector<std::pair<std::string, std::string>>& headers,
                                        int timeout_ms) {
  return Perform(url, headers, nullptr, timeout_ms);
}

Result<HttpResponse> CurlTransport::Post(const std::string& url,
                                         const std::vector<std::pair<std::string, std::string>>& headers,
                                         const std::string& body, int timeout_ms) {
  return Perform(url, headers, &body, timeout_ms);
}

Result<HttpResponse> CurlTransport::Perform(const std::string& url,
                                            const std::vector<std::pair<std::string, std::string>>& headers,
                                            const std::string* post_body, int timeout_ms) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return Status::Internal("libcurl: could not create a handle");
  curl_easy_reset(curl);
  HttpResponse response;
  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : headers) {
    header_list = curl_slist_append(header_list, fmt::format("{}: {}", name, value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(timeout_ms, 10000)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in threaded programs
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  // gzip only: every provider serves it, and a server asked for brotli may spend more time compressing
  // (cpp-httplib at its slowest setting: 16 ms a 20 KB page) than the transfer saves.
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "qtp/0.1 (+https://github.com/quant-trading-pro)");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  if (post_body != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(header_list);
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return Status::Unavailable(fmt::format("timed out after {} ms (timeout_ms)", timeout_ms));
  }
  if (code != CURLE_OK) return Status::Unavailable(fmt::format("request failed: {}", curl_easy_strerror(code)));
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace qtp::providers
