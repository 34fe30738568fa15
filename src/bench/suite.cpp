// bench/suite.cpp: finds the problems of a VerilogEval-layout suite directory and reads the
// optional suite.json (name, source, license, errata, per-problem overrides).
#include "bench/suite.h"

#include <algorithm>
#include <fnmatch.h>
#include <map>

#include <nlohmann/json.hpp>

#include "util/files.h"

namespace rtlduet::bench {
namespace fs = std::filesystem;
namespace {

struct FoundFiles {
    std::optional<fs::path> prompt, ref, test, ifc;
};

// Maps "<problem>_<suffix>" file names to their problem; other files are not ours.
void classify(const fs::path& path, std::map<std::string, FoundFiles>& found) {
    static constexpr std::pair<std::string_view, int> kSuffixes[] = {
        {"_prompt.txt", 0}, {"_ref.sv", 1}, {"_test.sv", 2}, {"_ifc.txt", 3}};
    const std::string name = path.filename().string();
    for (const auto& [suffix, slot] : kSuffixes) {
        if (name.size() <= suffix.size() || !name.ends_with(suffix)) {
            continue;
        }
        FoundFiles& files = found[name.substr(0, name.size() - suffix.size())];
        std::optional<fs::path>* slots[] = {&files.prompt, &files.ref, &files.test, &files.ifc};
        *slots[slot] = path;
        return;
    }
}

util::Error suite_error(const fs::path& file, std::string message) {
    util::Error error = util::make_error(util::ErrorKind::Input, std::move(message));
    error.where = util::SourceLocation{.file = file.string()};
    return error;
}

util::Result<ProblemOverride> parse_override(const fs::path& file, const std::string& problem,
                                             const nlohmann::json& entry) {
    ProblemOverride result;
    if (!entry.is_object()) {
        return suite_error(file, "problems." + problem + " must be an object");
    }
    if (entry.contains("skip")) {
        result.skip_reason = entry["skip"].get<std::string>();
    }
    if (entry.contains("simulator")) {
        const auto simulator = entry["simulator"].get<std::string>();
        if (simulator != "iverilog" && simulator != "verilator") {
            return suite_error(
                file, "problems." + problem + ".simulator must be \"iverilog\" or \"verilator\"");
        }
        result.simulator = simulator == "iverilog" ? Simulator::Icarus : Simulator::Verilator;
    }
    result.note = entry.value("note", "");
    return result;
}

util::Status read_suite_json(const fs::path& file, Suite& suite) {
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    try {
        const nlohmann::json root = nlohmann::json::parse(*text);
        suite.name = root.value("name", suite.name);
        suite.source = root.value("source", "");
        suite.license = root.value("license", "");
        suite.errata = root.value("errata", std::vector<std::string>{});
        const nlohmann::json no_problems = nlohmann::json::object();
        const nlohmann::json& problems = root.contains("problems") ? root["problems"] : no_problems;
        if (!problems.is_object()) {
            return suite_error(file, "\"problems\" must be an object");
        }
        for (const auto& [problem, entry] : problems.items()) {
            const auto target = std::find_if(suite.problems.begin(), suite.problems.end(),
                                             [&](const Problem& p) { return p.name == problem; });
            if (target == suite.problems.end()) {
                return suite_error(file, "problems." + problem + ": no such problem in the suite");
            }
            auto parsed = parse_override(file, problem, entry);
            if (!parsed) {
                return parsed.error();
            }
            target->overrides = *parsed;
        }
    } catch (const nlohmann::json::exception& e) {
        return suite_error(file, std::string("malformed suite.json: ") + e.what());
    }
    return {};
}

}  // namespace

std::string_view to_string(Simulator simulator) {
    return simulator == Simulator::Icarus ? "iverilog" : "verilator";
}

const Problem* Suite::find(std::string_view problem) const {
    const auto it =
        std::lower_bound(problems.begin(), problems.end(), problem,
                         [](const Problem& p, std::string_view n) { return p.name < n; });
    return it != problems.end() && it->name == problem ? &*it : nullptr;
}

util::Result<Suite> load_suite(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return suite_error(dir, "not a suite directory");
    }
    std::map<std::string, FoundFiles> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec)) {
            classify(entry.path(), found);
        }
    }
    if (ec) {
        return suite_error(dir, "cannot list the suite directory: " + ec.message());
    }
    Suite suite{.dir = dir, .name = fs::absolute(dir).lexically_normal().filename().string()};
    if (suite.name.empty()) {
        suite.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
    }
    for (const auto& [name, files] : found) {
        if (!files.test) {
            return suite_error(dir / (name + "_test.sv"), "missing testbench of problem " + name);
        }
        if (!files.ref) {
            return suite_error(dir / (name + "_ref.sv"), "missing reference of problem " + name);
        }
        suite.problems.push_back({.name = name,
                                  .prompt = files.prompt.value_or(fs::path{}),
                                  .ref = *files.ref,
                                  .test = *files.test,
                                  .ifc = files.ifc});
    }
    if (suite.problems.empty()) {
        return suite_error(dir, "no problems (<problem>_test.sv with <problem>_ref.sv) found");
    }
    if (fs::exists(dir / "suite.json", ec)) {
        if (auto read = read_suite_json(dir / "suite.json", suite); !read) {
            return read.error();
        }
    }
    return suite;
}

std::vector<const Problem*> select_problems(const Suite& suite, std::string_view globs) {
    std::vector<std::string> patterns;
    for (std::size_t start = 0; start <= globs.size();) {
        const std::size_t comma = std::min(globs.find(',', start), globs.size());
        if (comma > start) {
            patterns.emplace_back(globs.substr(start, comma - start));
        }
        start = comma + 1;
    }
    std::vector<const Problem*> selected;
    for (const Problem& problem : suite.problems) {
        const bool matches = patterns.empty() ||
                             std::any_of(patterns.begin(), patterns.end(), [&](const auto& glob) {
                                 return ::fnmatch(glob.c_str(), problem.name.c_str(), 0) == 0;
                             });
        if (matches) {
            selected.push_back(&problem);
        }
    }
    return selected;
}

}  // namespace rtlduet::bench
