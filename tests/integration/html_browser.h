// integration/html_browser.h: a real headless chromium for report.html tests, every request
// it makes sent to a recording proxy, and small readers of the DOM it dumps.
#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "util/temp_dir.h"

namespace rtlduet::testing {

/// A proxy on loopback that answers every request 403 and remembers its first line
/// ("GET http://h/p ...", "CONNECT h:443 ...").
class RequestRecorder {
public:
    RequestRecorder();
    ~RequestRecorder();
    int port() const { return port_; }
    /// Requests made by the page: chromium's own update, time and account services are left
    /// out.
    std::vector<std::string> page_requests();

private:
    void serve();

    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

/// chromium --headless with a fresh profile, every URL (loopback included) through `recorder`.
struct Browser {
    RequestRecorder recorder;
    util::TempDir profile;

    Browser();
    /// Runs chromium on `url` with `extra` options (e.g. --screenshot=FILE); returns stdout.
    std::string run(const std::string& url, const std::vector<std::string>& extra);
    /// The DOM after the page's script ran (`fragment`: "#name=value" presets).
    std::string dom(const std::filesystem::path& page, const std::string& fragment = "");
};

/// False, with a message, when the chromium found at configure time is gone.
bool has_chromium();

/// The text inside the first element whose opening tag holds `attribute` (`id="x"`), tags
/// stripped.
std::string text_of(const std::string& dom, const std::string& attribute);
std::string by_id(const std::string& dom, const std::string& id);

std::vector<std::string> all_matches(const std::string& text, const std::string& pattern,
                                     int group = 1);
std::size_t count(const std::string& text, const std::string& what);

/// Rendered and self-contained: the page's own script ran under its policy, no element
/// loads anything, no attribute points outside, and the page made no request.
void check_self_contained(const std::string& dom, Browser& browser);

}  // namespace rtlduet::testing
