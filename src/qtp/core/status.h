// Status and Result<T>: the error currency at every qtp boundary (Arrow/LevelDB style).
// Expected failures (bad input, missing file, provider refusal) return a Status; exceptions from
// third-party libraries are caught at their adapter and converted here.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace qtp {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad config, bad CLI value, malformed input file
  kNotFound,
  kAlreadyExists,
  kCorruption,       // a stored file does not match its manifest entry
  kIOError,
  kNotSupported,
  kLimitExceeded,    // config/system_limits.yaml caps
  kRateLimited,      // provider said 429
  kUnavailable,      // provider 5xx / timeout
  kInternal,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return {}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status NotSupported(std::string m) { return {StatusCode::kNotSupported, std::move(m)}; }
  static Status LimitExceeded(std::string m) { return {StatusCode::kLimitExceeded, std::move(m)}; }
  static Status RateLimited(std::string m) { return {StatusCode::kRateLimited, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: config/default.yaml:12: unknown key 'foo'"
  std::string ToString() const;
  // Prefixes context ("while importing X: ") to the message; keeps the code.
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {           // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status::OK() : std::get<Status>(value_); }
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace qtp

#define QTP_CONCAT_INNER(a, b) a##b
#define QTP_CONCAT(a, b) QTP_CONCAT_INNER(a, b)

#define QTP_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::qtp::Status qtp_status_ = (expr);        \
    if (!qtp_status_.ok()) return qtp_status_; \
  } while (false)

#define QTP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#define QTP_ASSIGN_OR_RETURN(lhs, expr) QTP_ASSIGN_OR_RETURN_IMPL(QTP_CONCAT(qtp_result_, __LINE__), lhs, expr)
