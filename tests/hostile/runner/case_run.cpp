// hostile/runner/case_run.cpp: one case end to end: a private tree (inputs copied in, a
// private TMPDIR, an empty working directory), the servers it asks for, the binary run under
// a deadline, then every check of the outcome.
#include "hostile/runner/case_run.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>

#include <fmt/format.h>

#include "fake_llm/fake_llm_server.h"
#include "hostile/runner/made_files.h"
#include "hostile/runner/raw_server.h"
#include "support/run_binary.h"
#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::hostile {
namespace {

namespace fs = std::filesystem;

// The directories of a case's tree; only `out` may be created by rtlduet.
constexpr const char* kInputDirs[] = {"case", "common", "gen"};
constexpr const char* kEmptyDirs[] = {"tmp", "cwd"};
constexpr const char* kOutDir = "out";

// Relative path -> content hash, of every file under `dir`.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        const std::string relative = fs::relative(it->path(), dir).string();
        if (it->is_regular_file()) {
            auto text = util::read_file(it->path());
            files[relative] = text ? util::sha256_hex(*text) : "unreadable";
        } else {
            files[relative] = "not a file";
        }
    }
    return files;
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

// Servers and addresses a case may name; they live until the case has been checked.
struct Endpoints {
    std::optional<fake_llm::FakeLlmServer> fake;
    RawServer raw;
    std::map<std::string, std::string> values;  // placeholder -> text
};

util::Status start_endpoints(const HostileCase& c, const fs::path& case_dir, Endpoints& ends) {
    if (!c.server.empty()) {
        ends.fake.emplace();
        auto loaded = c.server.front() == '{' ? ends.fake->load_script(c.server)
                                              : ends.fake->load_script_file(case_dir / c.server);
        if (!loaded) {
            return loaded.error();
        }
        if (auto started = ends.fake->start(); !started) {
            return started.error();
        }
        ends.values["{endpoint}"] = ends.fake->base_url();
        ends.values["{port}"] = std::to_string(ends.fake->port());
    }
    if (!c.raw_server.empty()) {
        auto bytes = util::read_file(case_dir / c.raw_server);
        if (!bytes) {
            return bytes.error();
        }
        // Case files are committed with \n; HTTP wants \r\n in the head.
        std::string reply = *bytes;
        const auto head_end = reply.find("\n\n");
        std::string head = reply.substr(0, head_end);
        for (auto at = head.find('\n'); at != std::string::npos; at = head.find('\n', at + 2)) {
            head.replace(at, 1, "\r\n");
        }
        reply =
            head + "\r\n\r\n" + (head_end == std::string::npos ? "" : reply.substr(head_end + 2));
        if (auto started = ends.raw.start(reply); !started) {
            return started.error();
        }
        ends.values["{raw}"] = fmt::format("http://127.0.0.1:{}/v1", ends.raw.port());
    }
    auto closed = closed_port();
    if (!closed) {
        return closed.error();
    }
    ends.values["{closed}"] = fmt::format("http://127.0.0.1:{}/v1", *closed);
    return {};
}

std::string expand(std::string arg, const std::map<std::string, std::string>& values) {
    for (const auto& [key, value] : values) {
        for (auto at = arg.find(key); at != std::string::npos;
             at = arg.find(key, at + value.size())) {
            arg.replace(at, key.size(), value);
        }
    }
    return arg;
}

bool process_alive_with(const std::string& marker) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        auto cmdline = util::read_file(entry.path() / "cmdline");
        if (cmdline && cmdline->find(marker) != std::string::npos) {
            return true;
        }
    }
    return false;
}

void check_text(const HostileCase& c, const testing::BinaryRun& run, CaseOutcome& outcome) {
    const std::string all = run.out + run.err;
    for (const std::string& text : c.expect) {
        if (all.find(text) == std::string::npos) {
            outcome.failures.push_back(fmt::format("output lacks \"{}\"", text));
        }
    }
    for (const std::string& text : c.reject) {
        if (all.find(text) != std::string::npos) {
            outcome.failures.push_back(fmt::format("output contains \"{}\"", text));
        }
    }
    if (all.size() > c.max_output) {
        outcome.failures.push_back(
            fmt::format("{} bytes of output, more than {}", all.size(), c.max_output));
    }
    // An error exit must say what went wrong on the first stderr line, in one line.
    if (c.exit_code >= 2) {
        const std::string first = run.err.substr(0, run.err.find('\n'));
        if (first.empty() || first.front() == ' ' || first.size() > 400) {
            outcome.failures.push_back(
                fmt::format("first stderr line is not a one-line error: \"{}\"", first));
        }
    }
}

void check_tree(const HostileCase& c, const fs::path& root,
                const std::map<std::string, std::map<std::string, std::string>>& before,
                CaseOutcome& outcome) {
    for (const auto& [dir, files] : before) {
        if (snapshot(root / dir) != files) {
            outcome.failures.push_back(fmt::format("files under {{{}}} changed", dir));
        }
    }
    // The one thing allowed to stay in TMPDIR: the Verilator runtimes staged for the sandbox
    // user in rtlduet's own directory there, a cache shared by every run of this user
    // (sim/detail/verilator_recipe.cpp); its work directories and workers must be gone.
    const std::string own = fmt::format("rtlduet-{}", ::geteuid());
    for (const char* dir : kEmptyDirs) {
        for (const std::string& name : entries(root / dir)) {
            if (name != own || std::string_view(dir) != "tmp") {
                outcome.failures.push_back(fmt::format("left behind in {{{}}}: {}", dir, name));
                continue;
            }
            for (const std::string& inner : entries(root / dir / name)) {
                if (!inner.starts_with("verilator-")) {
                    outcome.failures.push_back(
                        fmt::format("left behind in {{{}}}/{}: {}", dir, name, inner));
                }
            }
        }
    }
    std::set<std::string> allowed(std::begin(kInputDirs), std::end(kInputDirs));
    allowed.insert(std::begin(kEmptyDirs), std::end(kEmptyDirs));
    allowed.insert(kOutDir);
    for (const std::string& name : entries(root)) {
        if (!allowed.contains(name)) {
            outcome.failures.push_back("written outside {out}: " + name);
        }
    }
    for (const std::string& canary : c.canaries) {
        std::error_code ec;
        if (fs::symlink_status(canary, ec).type() != fs::file_type::not_found) {
            outcome.failures.push_back("canary written: " + canary);
            fs::remove(canary, ec);  // leave the host as it was
        }
    }
    for (const std::string& marker : c.no_process) {
        if (process_alive_with(marker)) {
            outcome.failures.push_back("a process outlived the run: " + marker);
        }
    }
}

util::Status prepare_tree(const HostileCase& c, const RunnerPaths& paths, const fs::path& root) {
    for (const char* dir : {"gen", "tmp", "cwd"}) {
        if (auto made = util::make_directories(root / dir); !made) {
            return made;
        }
    }
    std::error_code ec;
    fs::copy(paths.catalogue / c.group, root / "case", fs::copy_options::recursive, ec);
    fs::copy(paths.catalogue / "common", root / "common", fs::copy_options::recursive, ec);
    if (ec) {
        return util::make_error(util::ErrorKind::Io, "cannot copy the inputs: " + ec.message());
    }
    for (const MadeFile& made : c.made) {
        if (auto written = make_file(made, root / "gen"); !written) {
            return written;
        }
    }
    for (const std::string& canary : c.canaries) {
        fs::remove(canary, ec);  // a leftover of an earlier failed run
    }
    return {};
}

}  // namespace

CaseOutcome run_case(const HostileCase& c, const RunnerPaths& paths) {
    CaseOutcome outcome{.id = c.group + "/" + c.name};
    auto root_dir = util::TempDir::create("rtlduet-hostile-");
    if (!root_dir) {
        outcome.failures.push_back(root_dir.error().what());
        return outcome;
    }
    const fs::path root = root_dir->path();
    Endpoints ends;
    if (auto ready = prepare_tree(c, paths, root); !ready) {
        outcome.failures.push_back(ready.error().what());
        return outcome;
    }
    if (auto started = start_endpoints(c, root / "case", ends); !started) {
        outcome.failures.push_back(started.error().what());
        return outcome;
    }
    for (const char* dir : {"case", "common", "gen", "out", "tmp"}) {
        ends.values[fmt::format("{{{}}}", dir)] = (root / dir).string();
    }
    std::map<std::string, std::map<std::string, std::string>> before;
    for (const char* dir : kInputDirs) {
        before[dir] = snapshot(root / dir);
    }
    std::vector<std::string> argv = {paths.rtlduet.string()};
    for (const std::string& arg : c.args) {
        argv.push_back(expand(arg, ends.values));
    }
    const auto deadline = std::chrono::seconds(static_cast<int>(c.within_seconds * 2) + 10);
    const auto start = std::chrono::steady_clock::now();
    const testing::BinaryRun run =
        testing::run_program(argv, root / "cwd", deadline, {"TMPDIR=" + (root / "tmp").string()});
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    outcome.exit_code = run.exit_code;
    outcome.output_tail = run.err.substr(run.err.size() > 1500 ? run.err.size() - 1500 : 0);
    if (run.timed_out || run.signal != 0) {
        outcome.failures.push_back(fmt::format("rtlduet {} (signal {})",
                                               run.timed_out ? "hung past the deadline" : "died",
                                               run.signal));
    } else if (run.exit_code != c.exit_code) {
        outcome.failures.push_back(fmt::format("exit {}, expected {}", run.exit_code, c.exit_code));
    }
    if (outcome.seconds > c.within_seconds) {
        outcome.failures.push_back(
            fmt::format("took {:.1f} s, more than {} s", outcome.seconds, c.within_seconds));
    }
    check_text(c, run, outcome);
    check_tree(c, root, before, outcome);
    return outcome;
}

std::vector<std::string> listed_commands(const fs::path& rtlduet) {
    const auto run =
        testing::run_program({rtlduet.string(), "--help"}, {}, std::chrono::seconds(30));
    std::vector<std::string> names;
    std::istringstream lines(run.out + run.err);
    bool is_in_list = false;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("Subcommands:") || line.starts_with("SUBCOMMANDS:")) {
            is_in_list = true;
        } else if (is_in_list && line.starts_with("  ") && line.size() > 2 && line[2] != ' ') {
            names.push_back(line.substr(2, line.find(' ', 2) - 2));
        } else if (is_in_list && !line.empty() && line.front() != ' ') {
            is_in_list = false;
        }
    }
    return names;
}

}  // namespace rtlduet::hostile
