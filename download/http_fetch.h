#pragma once
// HTTP(S) GET with byte ranges on libcurl, for the weights download. Bodies stream to a sink with the
// file offset of each chunk, so callers can write them straight into a .part file.
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

#include "engine/errors.h"

namespace download {

// The connection failed, was cut, or the server answered with an error status. Input-side
// (exit code 3): whatever arrived before the failure has already gone to the sink.
class NetworkError : public engine::InputError {
public:
    using engine::InputError::InputError;
};

// The caller asked to stop (the window's Cancel, the CLI's Ctrl-C: exit code 130).
class Cancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Polled during transfers (also while the connection waits for data); true stops with Cancelled.
using StopCheck = std::function<bool()>;

// offset: where `data` belongs in the remote file (0 for the first byte of a whole-file answer).
using OffsetSink = std::function<void(std::uint64_t offset, const char* data, std::size_t size)>;

struct HttpReply {
    bool partial = false;          // 206: the server honoured the Range
    std::uint64_t total_size = 0;  // the whole remote file's size when the server said (0: unknown)
};

constexpr std::uint64_t kToEnd = std::numeric_limits<std::uint64_t>::max();

class HttpFetcher {
public:
    explicit HttpFetcher(std::string url, StopCheck should_stop = {});
    const std::string& url() const { return url_; }

    // GET bytes [first, last] (last == kToEnd: to the end; first == 0 && last == kToEnd: no Range).
    // A 200 answer to a Range request delivers the whole file from offset 0, unless
    // stop_if_whole, which ends the transfer at once and returns partial == false.
    // Throws NetworkError (also for HTTP status >= 400), Cancelled when should_stop says so, and rethrows
    // what the sink throws.
    HttpReply get(std::uint64_t first, std::uint64_t last, const OffsetSink& sink, bool stop_if_whole = false);

private:
    std::string url_;
    StopCheck should_stop_;
};

// "bytes 0-7/1234" -> first, last, total (total 0 when "*"); false when malformed.
bool parse_content_range(const std::string& value, std::uint64_t& first, std::uint64_t& last, std::uint64_t& total);

}  // namespace download
