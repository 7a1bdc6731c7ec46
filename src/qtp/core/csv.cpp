#include "qtp/core/csv.h"

namespace qtp::csv {

Reader::Reader(std::string_view text) : text_(text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text_.substr(0, kBom.size()) == kBom) pos_ = kBom.size();
}

bool Reader::Next(Record& record) {
  record.fields.clear();
  unterminated_quote_ = false;
  // Skip blank lines (an empty line or a lone CR) before the record.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record.line = line_;

  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (in_quotes) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        in_quotes = false;
      } else {
        if (c == '\n') ++line_;
        field.push_back(c);
      }
      ++pos_;
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
      ++pos_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      // CRLF, LF or a lone CR all end the record.
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      break;
    }
    if (c == '"' && field.empty() && !field_was_quoted) {
      in_quotes = true;
      field_was_quoted = true;
      ++pos_;
      continue;
    }
    field.push_back(c);
    ++pos_;
  }
  unterminated_quote_ = in_quotes;
  record.fields.push_back(std::move(field));
  return true;
}

std::string_view Trim(std::string_view text) {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  return text.substr(b, e - b);
}

}  // namespace qtp::csv
