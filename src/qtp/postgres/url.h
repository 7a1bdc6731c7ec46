// PostgreSQL connection strings without their secrets: what qtp prints, logs and records instead of
// the URL it connects with. libpq accepts URIs (postgresql://user:pass@host:port/db?key=value) and
// key/value strings (host=h password=p); both are handled.
#pragma once

#include <string>
#include <string_view>

namespace qtp::pg {

// `conn` with the password of a URI's user info and any password= parameter replaced by "***":
// postgresql://qtp:***@db.example:5432/prod. Over-redacts rather than under-redacts: a malformed
// string keeps nothing after the user name's ':'.
std::string RedactConnectionString(std::string_view conn);

// The password the string carries (the URI's user info, percent-decoded, or a password=
// parameter), or "" when it has none (libpq then uses PGPASSWORD or ~/.pgpass).
std::string PasswordOf(std::string_view conn);

// `text` with every occurrence of `secret` (and of its percent-encoded form) replaced by "***". A
// secret shorter than 4 characters is left alone: scrubbing it would mangle ordinary words, and
// such a password is no secret anyway.
std::string ScrubSecret(std::string text, const std::string& secret);

}  // namespace qtp::pg
