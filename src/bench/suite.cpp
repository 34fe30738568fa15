// bench/suite.cpp: loads a suite in its format (detected, or forced) and reads the optional
// suite.json (name, format, source, license, errata, per-problem overrides).
#include "bench/suite.h"

#include <algorithm>
#include <fnmatch.h>

#include <nlohmann/json.hpp>

#include "bench/detail/suite_layouts.h"
#include "util/files.h"

namespace rtlduet::bench {
namespace fs = std::filesystem;
namespace {

using detail::suite_error;

constexpr std::pair<SuiteFormat, std::string_view> kFormatNames[] = {
    {SuiteFormat::VerilogEval, "verilog-eval"},
    {SuiteFormat::ChipBench, "chipbench"},
    {SuiteFormat::Rtllm, "rtllm"}};

// The entry's settings on top of what the layout gave the problem.
util::Result<ProblemOverride> parse_override(const fs::path& file, const std::string& problem,
                                             const nlohmann::json& entry, ProblemOverride result) {
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
    result.note = entry.value("note", result.note);
    if (entry.contains("timeout")) {
        const double seconds = entry["timeout"].get<double>();
        if (!(seconds > 0)) {
            return suite_error(file, "problems." + problem + ".timeout must be positive seconds");
        }
        result.timeout = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    }
    return result;
}

util::Result<nlohmann::json> parse_suite_json(const fs::path& file) {
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    try {
        nlohmann::json root = nlohmann::json::parse(*text);
        if (!root.is_object()) {
            return suite_error(file, "suite.json must hold an object");
        }
        return root;
    } catch (const nlohmann::json::exception& e) {
        return suite_error(file, std::string("malformed suite.json: ") + e.what());
    }
}

util::Result<std::optional<SuiteFormat>> format_in(const fs::path& file,
                                                   const nlohmann::json& root) {
    if (!root.contains("format")) {
        return std::optional<SuiteFormat>();
    }
    const auto format = root["format"].is_string()
                            ? parse_suite_format(root["format"].get<std::string>())
                            : std::nullopt;
    if (!format) {
        return suite_error(file, "\"format\" must be \"verilog-eval\", \"chipbench\" or \"rtllm\"");
    }
    return std::optional<SuiteFormat>(format);
}

util::Status apply_suite_json(const fs::path& file, const nlohmann::json& root, Suite& suite) {
    try {
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
            auto parsed = parse_override(file, problem, entry, target->overrides);
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

std::string_view to_string(SuiteFormat format) {
    for (const auto& [value, name] : kFormatNames) {
        if (value == format) {
            return name;
        }
    }
    return "verilog-eval";
}

std::optional<SuiteFormat> parse_suite_format(std::string_view text) {
    for (const auto& [value, name] : kFormatNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view to_string(Simulator simulator) {
    return simulator == Simulator::Icarus ? "iverilog" : "verilator";
}

const Problem* Suite::find(std::string_view problem) const {
    const auto it =
        std::lower_bound(problems.begin(), problems.end(), problem,
                         [](const Problem& p, std::string_view n) { return p.name < n; });
    return it != problems.end() && it->name == problem ? &*it : nullptr;
}

util::Result<Suite> load_suite(const fs::path& dir, std::optional<SuiteFormat> format) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return suite_error(dir, "not a suite directory");
    }
    std::optional<nlohmann::json> manifest;
    if (fs::exists(dir / "suite.json", ec)) {
        auto parsed = parse_suite_json(dir / "suite.json");
        if (!parsed) {
            return parsed.error();
        }
        manifest = std::move(*parsed);
    }
    if (!format && manifest) {
        auto named = format_in(dir / "suite.json", *manifest);
        if (!named) {
            return named.error();
        }
        format = *named;
    }
    Suite suite{.dir = dir,
                .format = format.value_or(detail::detect_format(dir)),
                .name = fs::absolute(dir).lexically_normal().filename().string()};
    if (suite.name.empty()) {
        suite.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
    }
    auto loaded = suite.format == SuiteFormat::Rtllm ? detail::load_rtllm_layout(suite)
                                                     : detail::load_flat_layout(suite);
    if (!loaded) {
        return loaded.error();
    }
    detail::apply_known_errata(suite);
    if (manifest) {
        if (auto applied = apply_suite_json(dir / "suite.json", *manifest, suite); !applied) {
            return applied.error();
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
