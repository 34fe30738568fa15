// integration/html_browser.cpp: chromium and the recording proxy for report.html tests.
#include "integration/html_browser.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <regex>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/run_binary.h"

namespace rtlduet::testing {

RequestRecorder::RequestRecorder() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(fd_, 16) == 0);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

RequestRecorder::~RequestRecorder() {
    stopping_ = true;
    shutdown(fd_, SHUT_RDWR);  // wakes accept()
    close(fd_);
    thread_.join();
}

std::vector<std::string> RequestRecorder::page_requests() {
    static const std::regex kOwn(
        R"(^\S+ (https?://)?[^/\s]*\.(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)[:/\s])");
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const std::string& line : lines_) {
        if (!std::regex_search(line, kOwn)) {
            out.push_back(line);
        }
    }
    return out;
}

void RequestRecorder::serve() {
    while (!stopping_) {
        const int client = accept(fd_, nullptr, nullptr);
        if (client < 0) {
            continue;
        }
        char buffer[4096];
        const ssize_t n = recv(client, buffer, sizeof buffer, 0);
        if (n > 0) {
            const std::string line(buffer, static_cast<std::size_t>(n));
            std::lock_guard lock(mutex_);
            lines_.push_back(line.substr(0, line.find('\r')));
        }
        const char* reply =
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send(client, reply, std::strlen(reply), MSG_NOSIGNAL);
        close(client);
    }
}

Browser::Browser() : profile(std::move(*util::TempDir::create("rtlduet-chromium-"))) {}

std::string Browser::run(const std::string& url, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {
        RTLDUET_CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.path().string(),
        fmt::format("--proxy-server=http://127.0.0.1:{}", recorder.port()),
        "--proxy-bypass-list=<-loopback>"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(url);
    const auto run = run_program(argv, profile.path(), std::chrono::seconds(90));
    INFO(run.err.substr(0, 2000));
    REQUIRE(run.exit_code == 0);
    return run.out;
}

std::string Browser::dom(const std::filesystem::path& page, const std::string& fragment) {
    return run("file://" + page.string() + fragment, {"--dump-dom"});
}

bool has_chromium() {
    if (std::filesystem::exists(RTLDUET_CHROMIUM)) {
        return true;
    }
    MESSAGE("chromium (" RTLDUET_CHROMIUM ") is gone: report.html is not checked in a browser");
    return false;
}

std::string text_of(const std::string& dom, const std::string& attribute) {
    const std::size_t at = dom.find(attribute);
    REQUIRE_MESSAGE(at != std::string::npos, "no element with " << attribute);
    const std::size_t open = dom.rfind('<', at);
    const std::string name = dom.substr(open + 1, dom.find_first_of(" >", open) - open - 1);
    const std::size_t from = dom.find('>', at) + 1;
    const std::string inner = dom.substr(from, dom.find("</" + name + ">", from) - from);
    return std::regex_replace(inner, std::regex("<[^>]*>"), "");
}

std::string by_id(const std::string& dom, const std::string& id) {
    return text_of(dom, "id=\"" + id + "\"");
}

std::vector<std::string> all_matches(const std::string& text, const std::string& pattern,
                                     int group) {
    std::vector<std::string> out;
    const std::regex regex(pattern);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), regex);
         it != std::sregex_iterator(); ++it) {
        out.push_back((*it)[group]);
    }
    return out;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

void check_self_contained(const std::string& dom, Browser& browser) {
    CHECK(dom.find("<body data-script=\"ran\">") != std::string::npos);
    for (const char* tag : {"<img", "<link", "<iframe", "<object", "<embed", "<audio", "<video"}) {
        CHECK_MESSAGE(dom.find(tag) == std::string::npos, "the page has " << tag);
    }
    CHECK(dom.find("url(") == std::string::npos);
    // Only real tags: text that looks like markup is serialized with &lt; and never matches.
    static const std::regex kTag(R"(<[a-zA-Z][^>]*>)");
    static const std::regex kReference(R"re((\bsrc|\bhref|\baction|\bsrcset)\s*=\s*"([^"]*)")re");
    static const std::regex kOutside(R"(^([a-zA-Z][a-zA-Z0-9+.-]*:|//))");
    for (auto tag = std::sregex_iterator(dom.begin(), dom.end(), kTag);
         tag != std::sregex_iterator(); ++tag) {
        const std::string text = tag->str();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), kReference);
             it != std::sregex_iterator(); ++it) {
            const std::string target = (*it)[2];
            CHECK_MESSAGE(!std::regex_search(target, kOutside),
                          "the page points outside: " << target);
        }
    }
    CHECK(browser.recorder.page_requests().empty());
}

}  // namespace rtlduet::testing
