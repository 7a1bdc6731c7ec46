// A small RFC-4180-style CSV record reader over an in-memory text buffer.
// Accepts what real downloads contain: a UTF-8 byte-order mark, CRLF or LF line ends, a last line
// without a newline, quoted fields with embedded commas, doubled quotes and line breaks. Blank lines
// are skipped (they carry no record). It never fails: an unterminated quote ends at the end of the
// buffer and is reported through `unterminated_quote()` so the caller can name the line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qtp::csv {

struct Record {
  size_t line = 0;                  // 1-based physical line where the record starts
  std::vector<std::string> fields;  // unquoted field text, untrimmed
};

class Reader {
 public:
  // `text` must outlive the reader.
  explicit Reader(std::string_view text);

  // Reads the next non-blank record into `record`; false at the end of the buffer.
  bool Next(Record& record);
  // True if the last record read started a quoted field that was never closed.
  bool unterminated_quote() const { return unterminated_quote_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  bool unterminated_quote_ = false;
};

// Field text without surrounding ASCII spaces and tabs (Fama-French files pad numbers).
std::string_view Trim(std::string_view text);

}  // namespace qtp::csv
