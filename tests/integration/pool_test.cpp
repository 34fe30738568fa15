// The endpoint pool through the binary: several fake_llm_server processes behind one eval,
// requests spread by slots, one server killed mid-run (SIGKILL) and one brought back on its
// port, every server down, and doctor over the pool. Request logs are checked against the
// transcripts: every reply in a transcript was answered by exactly one server, the one the
// transcript names.
#include <algorithm>
#include <fcntl.h>
#include <functional>
#include <map>
#include <set>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/files.h"
#include "util/temp_dir.h"

extern char** environ;

using rtlduet::testing::run_rtlduet;
using rtlduet::testing::source_path;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kProblems = {"Prob001_majority_parity", "Prob002_priority_enc8",
                                            "Prob007_updown_counter_en"};

std::string read(const fs::path& path) {
    auto text = rtlduet::util::read_file(path);
    REQUIRE_MESSAGE(text, path.string());
    return *text;
}

std::vector<Json> json_lines(const fs::path& path) {
    std::vector<Json> lines;
    if (!fs::exists(path)) {
        return lines;
    }
    std::istringstream in(read(path));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(Json::parse(line));
        }
    }
    return lines;
}

fs::path mini(const std::string& file) {
    return source_path("benchmarks/rtlduet-mini") / file;
}

// Each problem answered with its golden design and model, whatever the server and the order
// (a rule with one reply repeats it), so any server can answer any request.
Json script() {
    Json rules = Json::array();
    for (const std::string& problem : kProblems) {
        const std::string prompt = read(mini(problem + "_prompt.txt"));
        const std::string first_line = prompt.substr(0, prompt.find('\n'));
        const std::string design = rtlduet::testing::golden_sample(mini(""), problem);
        const std::string model = read(mini("models/" + problem + ".py"));
        rules.push_back({{"agent", "rtl"},
                         {"contains", first_line},
                         {"replies", {{{"content", "```verilog\n" + design + "```\n"}}}}});
        rules.push_back({{"agent", "model"},
                         {"contains", first_line},
                         {"replies", {{{"content", "```python\n" + model + "```\n"}}}}});
    }
    return {{"rules", rules}};
}

// Starts `argv` in the background with stdout (unless `out` is empty) and stderr to files.
pid_t spawn(std::vector<std::string> argv, const fs::path& out, const fs::path& err, int mode) {
    std::vector<char*> pointers;
    for (std::string& arg : argv) {
        pointers.push_back(arg.data());
    }
    pointers.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!out.empty()) {
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | mode, 0644);
    }
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | mode, 0644);
    pid_t pid = -1;
    const int spawned =
        posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);
    return pid;
}

// One fake_llm_server process; its request log is `log`. Killed (SIGKILL) on destruction.
class ServerProcess {
public:
    ServerProcess(const fs::path& dir, const std::string& name, int latency_ms, int slots,
                  int port = 0)
        : log_(dir / (name + ".log")) {
        const fs::path port_file = dir / (name + ".port");
        fs::remove(port_file);
        std::vector<std::string> argv = {FAKE_LLM_SERVER_BIN,
                                         "--script",
                                         (dir / "script.json").string(),
                                         "--port-file",
                                         port_file.string(),
                                         "--log",
                                         log_.string(),
                                         "--latency-ms",
                                         std::to_string(latency_ms),
                                         "--slots",
                                         std::to_string(slots),
                                         "--port",
                                         std::to_string(port)};
        const fs::path err = dir / (name + ".err");
        pid_ = spawn(argv, "", err, O_APPEND);
        for (int i = 0; i < 400 && (!fs::exists(port_file) || fs::file_size(port_file) == 0); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        REQUIRE_MESSAGE(fs::exists(port_file), "fake_llm_server did not start: " << read(err));
        port_ = std::stoi(read(port_file));
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    ~ServerProcess() { kill_now(); }

    void kill_now() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
    // Chat requests answered with 200, in completion order.
    std::vector<Json> answered() const {
        std::vector<Json> chats;
        for (Json& line : json_lines(log_)) {
            if (line["path"].get<std::string>().ends_with("chat/completions") &&
                line["status"] == 200) {
                chats.push_back(std::move(line));
            }
        }
        return chats;
    }

    // The most chat requests the server held at once, from the log's arrival and answer times.
    int most_at_once() const {
        std::vector<std::pair<double, int>> events;
        for (const Json& entry : answered()) {
            events.emplace_back(entry["arrived_ms"].get<double>(), 1);
            events.emplace_back(entry["done_ms"].get<double>(), -1);
        }
        std::sort(events.begin(), events.end());  // an answer sorts before an arrival at a tie
        int open = 0;
        int most = 0;
        for (const auto& [time, delta] : events) {
            open += delta;
            most = std::max(most, open);
        }
        return most;
    }

private:
    fs::path log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// What identifies one request: agent, seed and the last user message.
using RequestKey = std::tuple<std::string, std::uint64_t, std::string>;

RequestKey key_of_logged(const Json& entry) {
    std::string last_user;
    for (const Json& message : entry["body"]["messages"]) {
        if (message["role"] == "user") {
            last_user = message["content"];
        }
    }
    return {entry["agent"], entry["body"]["seed"], last_user};
}

struct TranscriptLine {
    RequestKey key;
    std::string endpoint;
};

std::vector<TranscriptLine> transcript_lines(const fs::path& out) {
    std::vector<TranscriptLine> lines;
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
        if (entry.path().filename() != "transcript.jsonl") {
            continue;
        }
        for (const Json& line : json_lines(entry.path())) {
            std::string last_user;
            for (const Json& message : line["messages"]) {
                if (message["role"] == "user") {
                    last_user = message["content"];
                }
            }
            lines.push_back(
                {{line["agent"], line["seed"], last_user},
                 line["endpoint"].is_string() ? line["endpoint"].get<std::string>() : ""});
        }
    }
    return lines;
}

struct PoolCase {
    rtlduet::util::TempDir dir = std::move(*rtlduet::util::TempDir::create("rtlduet-pool-"));

    PoolCase() {
        REQUIRE(rtlduet::util::write_file_atomic(dir.path() / "script.json", script().dump()));
    }

    std::vector<std::string> eval_args(const std::vector<std::string>& endpoints,
                                       std::vector<std::string> extra) const {
        std::vector<std::string> args = {"eval",
                                         "--suite",
                                         mini("").string(),
                                         "--problems",
                                         "Prob001*,Prob002*,Prob007*",
                                         "-n",
                                         "1",
                                         "-t",
                                         "1",
                                         "--vectors",
                                         "100",
                                         "--sim",
                                         "iverilog",
                                         "--out",
                                         (dir.path() / "out").string()};
        for (const std::string& endpoint : endpoints) {
            args.insert(args.end(), {"--endpoint", endpoint});
        }
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    // Starts eval in the background; stderr goes to eval.err.
    pid_t spawn_eval(const std::vector<std::string>& args) const {
        std::vector<std::string> argv = {RTLDUET_BIN};
        argv.insert(argv.end(), args.begin(), args.end());
        return spawn(argv, dir.path() / "eval.out", dir.path() / "eval.err", O_TRUNC);
    }

    int wait_eval(pid_t pid) const {
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        INFO(read(dir.path() / "eval.err"));
        REQUIRE(WIFEXITED(status));
        return WEXITSTATUS(status);
    }

    // Every pair of the selection has exactly one result line.
    void check_every_pair_once(int samples) const {
        std::set<std::pair<std::string, int>> pairs;
        for (const Json& line : json_lines(dir.path() / "out" / "results.jsonl")) {
            CHECK(pairs.emplace(line["problem"].get<std::string>(), line["sample"].get<int>())
                      .second);
        }
        CHECK(pairs.size() == kProblems.size() * static_cast<std::size_t>(samples));
    }
};

void wait_until(const std::function<bool()>& condition, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(condition());
}

// Every transcript line was answered by exactly one server, the one it names; `killed` may
// also hold the answers it logged as it died, which the client never received.
void check_logs_against_transcripts(const fs::path& out,
                                    const std::vector<const ServerProcess*>& servers,
                                    const ServerProcess* killed = nullptr) {
    std::map<RequestKey, std::vector<std::string>> answered_by;
    for (const ServerProcess* server : servers) {
        for (const Json& entry : server->answered()) {
            answered_by[key_of_logged(entry)].push_back(server->url());
        }
    }
    const auto lines = transcript_lines(out);
    REQUIRE_FALSE(lines.empty());
    std::set<RequestKey> seen;
    for (const TranscriptLine& line : lines) {
        CHECK_MESSAGE(seen.insert(line.key).second, "a request appears twice in the transcripts");
        auto& urls = answered_by[line.key];
        std::erase_if(urls, [&](const std::string& url) {
            return killed != nullptr && url == killed->url() && url != line.endpoint;
        });
        REQUIRE_MESSAGE(urls.size() == 1, "answered " << urls.size() << " times");
        CHECK(urls.front() == line.endpoint);
    }
    for (const auto& [key, urls] : answered_by) {
        const bool is_dying_answer =
            killed != nullptr && urls.size() == 1 && urls.front() == killed->url();
        const bool is_accounted = seen.contains(key) || is_dying_answer;
        CHECK_MESSAGE(is_accounted, "a server answered a request no transcript holds");
    }
}

}  // namespace

TEST_SUITE("integration.pool") {
    TEST_CASE("requests spread over three servers in proportion to their slots") {
        PoolCase c;
        const std::vector<int> slots = {1, 2, 3};
        std::vector<std::unique_ptr<ServerProcess>> servers;
        std::vector<std::string> endpoints;
        for (std::size_t i = 0; i < slots.size(); ++i) {
            servers.push_back(std::make_unique<ServerProcess>(
                c.dir.path(), std::string(1, static_cast<char>('a' + i)), 1500, slots[i]));
            endpoints.push_back(servers.back()->url() + "#slots=" + std::to_string(slots[i]));
        }
        // Every pair at once, so requests always wait for the pool's 6 slots.
        const auto run = run_rtlduet(c.eval_args(endpoints, {"--samples", "6", "--jobs", "18"}),
                                     c.dir.path(), std::chrono::seconds(240));
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        c.check_every_pair_once(6);
        const double total = 2.0 * 18;  // one rtl and one model request per pair
        for (std::size_t i = 0; i < servers.size(); ++i) {
            const double share = static_cast<double>(servers[i]->answered().size()) / total;
            CHECK_MESSAGE(std::abs(share - slots[i] / 6.0) <= 0.1,
                          "server with " << slots[i] << " slots got " << share);
            CHECK(servers[i]->most_at_once() <= slots[i]);
        }
        check_logs_against_transcripts(c.dir.path() / "out",
                                       {servers[0].get(), servers[1].get(), servers[2].get()});
    }

    TEST_CASE("a server killed mid-eval: every pair has a result, no request lost or repeated") {
        PoolCase c;
        ServerProcess a(c.dir.path(), "a", 400, 2);
        ServerProcess b(c.dir.path(), "b", 400, 2);
        ServerProcess d(c.dir.path(), "d", 400, 2);
        const pid_t eval = c.spawn_eval(
            c.eval_args({a.url(), b.url(), d.url()}, {"--samples", "6", "--jobs", "6"}));
        wait_until([&] { return b.answered().size() >= 3; }, std::chrono::seconds(120));
        b.kill_now();
        REQUIRE(c.wait_eval(eval) == 0);
        c.check_every_pair_once(6);
        const std::string err = read(c.dir.path() / "eval.err");
        CHECK(err.find("taken out of the pool") != std::string::npos);
        const std::size_t usage = err.find("llm pool: ");
        REQUIRE(usage != std::string::npos);
        const std::string line = err.substr(usage, err.find('\n', usage) - usage);
        CHECK(line.find(b.url() + " answered ") != std::string::npos);
        INFO(line);
        CHECK(line.find("(2 slots; out 1x, last: ") != std::string::npos);  // slots from /slots
        check_logs_against_transcripts(c.dir.path() / "out", {&a, &b, &d}, &b);
    }

    TEST_CASE("a server that comes back on its address is used again") {
        PoolCase c;
        ServerProcess a(c.dir.path(), "a", 500, 2);
        auto b = std::make_unique<ServerProcess>(c.dir.path(), "b", 500, 2);
        const int port = b->port();
        const pid_t eval =
            c.spawn_eval(c.eval_args({a.url(), b->url()}, {"--samples", "8", "--jobs", "4"}));
        wait_until([&] { return b->answered().size() >= 2; }, std::chrono::seconds(120));
        b->kill_now();
        const std::size_t before = b->answered().size();
        wait_until([&] { return a.answered().size() >= 4; }, std::chrono::seconds(120));
        ServerProcess back(c.dir.path(), "b", 500, 2, port);  // appends to the same log
        REQUIRE(c.wait_eval(eval) == 0);
        c.check_every_pair_once(8);
        CHECK(back.answered().size() > before);
        CHECK(read(c.dir.path() / "eval.err").find("answers again: back in the pool") !=
              std::string::npos);
        check_logs_against_transcripts(c.dir.path() / "out", {&a, &back}, &back);
    }

    TEST_CASE("every server of the pool down exits 3 and names each of them") {
        PoolCase c;
        std::vector<std::string> urls;
        for (const char* name : {"a", "b", "c"}) {
            ServerProcess gone(c.dir.path(), name, 0, 1);
            urls.push_back(gone.url());
        }  // each killed: its port refuses connections now
        const auto run = run_rtlduet(c.eval_args(urls, {"--retries", "1"}), c.dir.path(),
                                     std::chrono::seconds(120));
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("no endpoint of the pool of 3 answered") != std::string::npos);
        for (const std::string& url : urls) {
            CHECK(run.err.find(url + " (Couldn't connect") != std::string::npos);
        }
        CHECK_FALSE(fs::exists(c.dir.path() / "out" / "summary.json"));
    }

    TEST_CASE("doctor checks every endpoint of the pool") {
        PoolCase c;
        ServerProcess up(c.dir.path(), "up", 0, 1);
        std::string down_url;
        {
            ServerProcess gone(c.dir.path(), "gone", 0, 1);
            down_url = gone.url();
        }
        const auto run = run_rtlduet(
            {"doctor", "--json", "--endpoint", up.url() + "#slots=3", "--endpoint", down_url});
        CHECK(run.exit_code == 3);
        std::map<std::string, Json> rows;
        const Json doctor = Json::parse(run.out);
        for (const Json& row : doctor["checks"]) {
            if (row["name"] == "endpoint") {
                rows[row["path"]] = row;
            }
        }
        REQUIRE(rows.size() == 2);
        CHECK(rows[up.url()]["status"] == "ok");
        CHECK(rows[up.url()]["detail"].get<std::string>().find("3 slots") != std::string::npos);
        CHECK(rows[down_url]["status"] == "failed");
    }
}
