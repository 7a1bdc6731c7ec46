// The local fake providers (tests/test_util/fake_provider_server.h) as a stand-alone process, for the
// ingest benchmark (run_ingest.sh): prints its base URL ("http://127.0.0.1:PORT") as the first line of
// stdout, then serves until stdin reaches EOF or SIGTERM/SIGINT/SIGHUP arrives, and exits 0.
//
// Every provider answers in its own wire format, with the fake's limits kept as they are (Alpaca pages
// of at most 200 bars): that wire traffic is part of what the benchmark measures.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <thread>

#include "test_util/fake_provider_server.h"

namespace {

// Reads stdin until EOF (or an error), then asks the main thread to stop with SIGTERM.
void WatchStdin() {
  char buffer[256];
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof(buffer));
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  ::kill(::getpid(), SIGTERM);
}

}  // namespace

int main() {
  // Blocked before any thread starts, so every thread inherits the mask and only sigwait() below
  // takes these signals: the server threads are never interrupted mid-reply.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);
  if (pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr) != 0) {
    std::fputs("fake_providers_server: cannot block signals\n", stderr);
    return 1;
  }
  ::signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-reply must not end the server

  try {
    qtp::testing::FakeProviderServer server;
    std::printf("%s\n", server.base_url().c_str());
    std::fflush(stdout);

    std::thread(WatchStdin).detach();  // blocked in read() at exit; the process ends it
    int signal_number = 0;
    while (sigwait(&stop_signals, &signal_number) != 0) {
    }
    // ~FakeProviderServer stops the listener and joins its thread: in-flight replies finish first.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake_providers_server: %s\n", e.what());
    return 1;
  }
  return 0;
}
