#include "download/http_fetch.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <memory>

#include <curl/curl.h>

namespace download {

namespace {

// One transfer's state, shared with libcurl's C callbacks.
struct Transfer {
    CURL* curl = nullptr;
    const OffsetSink* sink = nullptr;
    const StopCheck* should_stop = nullptr;
    bool range_requested = false, stop_if_whole = false;
    std::uint64_t asked_first = 0;
    bool started = false, stopped_whole = false;
    long status = 0;
    std::uint64_t next_offset = 0;
    std::uint64_t range_first = 0, range_last = 0, range_total = 0;
    bool has_content_range = false;
    std::uint64_t content_length = 0;
    std::exception_ptr error;
};

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool parse_u64(const std::string& text, std::uint64_t& value) {
    if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), ::isdigit)) return false;
    value = std::stoull(text);
    return true;
}

extern "C" size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one's headers
        t.has_content_range = false;
        t.content_length = 0;
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        const std::string name = lower(trim(line.substr(0, colon)));
        const std::string value = trim(line.substr(colon + 1));
        if (name == "content-range")
            t.has_content_range = parse_content_range(value, t.range_first, t.range_last, t.range_total);
        if (name == "content-length") parse_u64(value, t.content_length);
    }
    return size * count;
}

// Checks the answer once, before its first body byte, and decides where the body belongs.
bool start_body(Transfer& t) {
    curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &t.status);
    if (t.status >= 400) return false;  // the body is an error page: reported after the transfer
    if (t.status == 206) {
        if (!t.has_content_range) throw NetworkError("the server answered 206 without a valid Content-Range");
        if (t.range_first != t.asked_first)
            throw NetworkError("the server sent bytes from " + std::to_string(t.range_first) + " instead of " +
                               std::to_string(t.asked_first));
        t.next_offset = t.range_first;
    } else {
        if (t.range_requested && t.stop_if_whole) {
            t.stopped_whole = true;
            return false;
        }
        t.next_offset = 0;  // the whole file, whatever was asked
    }
    return true;
}

extern "C" size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    try {
        if (!t.started) {
            t.started = true;
            if (!start_body(t)) return t.status >= 400 ? bytes : 0;  // error pages are read and dropped
        }
        if (t.status >= 400) return bytes;
        (*t.sink)(t.next_offset, data, bytes);
        t.next_offset += bytes;
        return bytes;
    } catch (...) {
        t.error = std::current_exception();
        return 0;  // aborts the transfer
    }
}

extern "C" int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto& t = *static_cast<Transfer*>(user);
    return t.should_stop && *t.should_stop && (*t.should_stop)() ? 1 : 0;
}

void ensure_curl_initialized() {
    static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!initialized) throw NetworkError("libcurl could not be initialized");
}

}  // namespace

bool parse_content_range(const std::string& value, std::uint64_t& first, std::uint64_t& last, std::uint64_t& total) {
    const std::string text = trim(value);
    if (lower(text.substr(0, 6)) != "bytes ") return false;
    const auto dash = text.find('-', 6), slash = text.find('/', 6);
    if (dash == std::string::npos || slash == std::string::npos || dash > slash) return false;
    if (!parse_u64(text.substr(6, dash - 6), first) || !parse_u64(text.substr(dash + 1, slash - dash - 1), last))
        return false;
    const std::string size = text.substr(slash + 1);
    total = 0;
    if (size != "*" && !parse_u64(size, total)) return false;
    return first <= last && (total == 0 || last < total);
}

HttpFetcher::HttpFetcher(std::string url, StopCheck should_stop)
    : url_(std::move(url)), should_stop_(std::move(should_stop)) {
    ensure_curl_initialized();
}

HttpReply HttpFetcher::get(std::uint64_t first, std::uint64_t last, const OffsetSink& sink, bool stop_if_whole) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), curl_easy_cleanup);
    if (!handle) throw NetworkError(url_ + ": libcurl could not create a transfer");
    Transfer t;
    t.curl = handle.get();
    t.sink = &sink;
    t.should_stop = &should_stop_;
    t.asked_first = first;
    t.range_requested = !(first == 0 && last == kToEnd);
    t.stop_if_whole = stop_if_whole;
    const std::string range = std::to_string(first) + "-" + (last == kToEnd ? "" : std::to_string(last));
    char error_text[CURL_ERROR_SIZE] = "";
    CURL* c = handle.get();
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "gramstudio");
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "identity");  // byte offsets must be the file's own
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stalled connection fails after a minute
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    if (t.range_requested) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());

    const CURLcode code = curl_easy_perform(c);
    if (t.error) std::rethrow_exception(t.error);
    if (code == CURLE_ABORTED_BY_CALLBACK) throw Cancelled(url_ + ": cancelled");
    if (t.status == 0) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.status);

    HttpReply reply;
    reply.partial = t.status == 206;
    reply.total_size = reply.partial ? t.range_total : t.content_length;
    if (t.stopped_whole) return reply;
    if (code != CURLE_OK) {
        throw NetworkError(url_ + ": network error (" + (error_text[0] ? std::string(error_text) : curl_easy_strerror(code)) +
                           ")");
    }
    if (t.status >= 400) throw NetworkError(url_ + ": the server answered HTTP " + std::to_string(t.status));
    if (t.status != 200 && t.status != 206)
        throw NetworkError(url_ + ": unexpected HTTP status " + std::to_string(t.status));
    return reply;
}

}  // namespace download
