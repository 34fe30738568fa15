// llm/curl_transport.cpp: the libcurl Transport. One easy handle per exchange (handles are
// not shared between threads); the curl error code decides whether a failure is retryable, and
// the progress callback notices a cancel or a stalled reply.
#include <chrono>
#include <memory>
#include <optional>

#include <curl/curl.h>
#include <fmt/format.h>

#include "llm/transport.h"

namespace rtlduet::llm {
namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

using Steady = std::chrono::steady_clock;

struct Exchange {
    HttpResponse response;
    const HttpRequest* request = nullptr;
    std::optional<Steady::time_point> last_byte;  // set once the reply started
    bool is_stalled = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* exchange = static_cast<Exchange*>(user);
    exchange->last_byte = Steady::now();
    exchange->response.body.append(data, size * count);
    if (exchange->request->on_data) {
        exchange->request->on_data(std::string_view(data, size * count));
    }
    return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<Exchange*>(user)->last_byte = Steady::now();
    const std::string_view line(data, size * count);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
        std::string name(line.substr(0, kName.size()));
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (name == kName) {
            std::string value(line.substr(kName.size()));
            const auto first = value.find_first_not_of(" \t");
            const auto last = value.find_last_not_of(" \t\r\n");
            static_cast<Exchange*>(user)->response.retry_after =
                first == std::string::npos ? "" : value.substr(first, last - first + 1);
        }
    }
    return size * count;
}

// libcurl calls this at least once a second, also while no byte arrives.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* exchange = static_cast<Exchange*>(user);
    const HttpRequest& request = *exchange->request;
    if (request.cancel != nullptr && request.cancel->load()) {
        return 1;
    }
    if (request.stall_timeout > util::Duration::zero() && exchange->last_byte &&
        Steady::now() - *exchange->last_byte > request.stall_timeout) {
        exchange->is_stalled = true;
        return 1;
    }
    return 0;
}

NetFailure failure_of(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return NetFailure::Connect;
        case CURLE_OPERATION_TIMEDOUT:
            return NetFailure::Timeout;
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
            return NetFailure::Dropped;
        case CURLE_ABORTED_BY_CALLBACK:
            return NetFailure::Cancelled;
        default:
            return NetFailure::Other;
    }
}

long to_millis(util::Duration duration) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
    return static_cast<long>(std::max<long long>(ms, 1));
}

class CurlTransport final : public Transport {
public:
    CurlTransport() : initialised_(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {}
    ~CurlTransport() override {
        if (initialised_) {
            curl_global_cleanup();
        }
    }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResponse send(const HttpRequest& request) override {
        Exchange exchange{.request = &request};
        const EasyHandle handle(curl_easy_init());
        if (!handle) {
            exchange.response.failure = NetFailure::Other;
            exchange.response.error = "cannot create a libcurl handle";
            return exchange.response;
        }
        HeaderList headers;
        for (const auto& [name, value] : request.headers) {
            const std::string line = name + ": " + value;
            headers.reset(curl_slist_append(headers.release(), line.c_str()));
        }
        CURL* curl = handle.get();
        curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
        if (request.method == "POST") {
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(request.body.size()));
        }
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, to_millis(request.connect_timeout));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, to_millis(request.timeout));
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &exchange);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        const CURLcode code = curl_easy_perform(curl);
        if (exchange.is_stalled) {
            exchange.response.failure = NetFailure::Stalled;
            exchange.response.error =
                fmt::format("no data for {:.0f} s after the reply started (stalled)",
                            util::to_seconds(request.stall_timeout));
            return exchange.response;
        }
        if (code != CURLE_OK) {
            exchange.response.failure = failure_of(code);
            exchange.response.error = curl_easy_strerror(code);
            return exchange.response;
        }
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        exchange.response.status = static_cast<int>(status);
        return exchange.response;
    }

private:
    bool initialised_;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport() {
    return std::make_unique<CurlTransport>();
}

}  // namespace rtlduet::llm
