// bench/detail/suite_layouts.cpp: reads a suite directory into problems. VerilogEval's layout
// names everything by file suffix; RTLLM's names a design by its folder and finds the module
// names in the files, since its references are verified_<name> (or a third name).
#include "bench/detail/suite_layouts.h"

#include <algorithm>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "bench/detail/module_scan.h"
#include "util/files.h"

namespace rtlduet::bench::detail {
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

bool has_flat_testbench(const fs::path& dir) {
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().filename().string().ends_with("_test.sv")) {
            return true;
        }
    }
    return false;
}

// The design folders of an RTLLM tree (those holding design_description.txt), sorted.
std::vector<fs::path> design_folders(const fs::path& dir) {
    std::vector<fs::path> folders;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (it->path().filename() == "design_description.txt" && it->is_regular_file(ec)) {
            folders.push_back(it->path().parent_path());
        }
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

bool is_design_source(const fs::path& file) {
    const std::string ext = file.extension().string();
    const std::string name = file.filename().string();
    return ext == ".v" || ext == ".sv" || name == "makefile" || name == "Makefile" ||
           name == "design_description.txt";
}

// The module the spec names ("Module name: X"), empty when it names none.
std::string spec_module_name(const fs::path& spec) {
    static const std::regex kName(R"(Module name:\s*([A-Za-z_][A-Za-z0-9_$]*))");
    auto text = util::read_file(spec);
    std::smatch match;
    return text && std::regex_search(*text, match, kName) ? match[1].str() : "";
}

util::Result<std::string> testbench_top(const fs::path& test) {
    auto text = util::read_file(test);
    if (!text) {
        return text.error();
    }
    std::set<std::string> wanted = instantiated_modules(*text);
    for (const ModuleDecl& module : declared_modules(*text)) {
        wanted.erase(module.name);
    }
    if (wanted.size() != 1) {
        return suite_error(test, fmt::format("the testbench instantiates {} modules it does not "
                                             "define ({}); expected one, the design",
                                             wanted.size(), fmt::join(wanted, ", ")));
    }
    return *wanted.begin();
}

util::Result<std::string> reference_top(const fs::path& ref, const std::string& design) {
    auto text = util::read_file(ref);
    if (!text) {
        return text.error();
    }
    const std::vector<std::string> roots = root_modules(*text);
    if (roots.size() == 1) {
        return roots.front();
    }
    if (std::find(roots.begin(), roots.end(), "verified_" + design) != roots.end()) {
        return "verified_" + design;
    }
    return suite_error(ref, fmt::format("cannot tell the reference's top module among {}",
                                        fmt::join(roots, ", ")));
}

util::Result<Problem> load_design_folder(const fs::path& folder) {
    Problem problem{.name = folder.filename().string(),
                    .format = SuiteFormat::Rtllm,
                    .prompt = folder / "design_description.txt",
                    .test = folder / "testbench.v"};
    std::vector<fs::path> references;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec)) {
            continue;
        }
        if (name.starts_with("verified_") && entry.path().extension() == ".v") {
            references.push_back(entry.path());
        } else if (!is_design_source(entry.path())) {
            problem.data_files.push_back(entry.path());
        }
    }
    std::sort(problem.data_files.begin(), problem.data_files.end());
    if (!fs::is_regular_file(problem.test, ec)) {
        return suite_error(problem.test, "missing testbench of design " + problem.name);
    }
    if (references.size() != 1) {
        return suite_error(folder, fmt::format("design {} has {} verified_*.v references, not one",
                                               problem.name, references.size()));
    }
    problem.ref = references.front();
    auto top = testbench_top(problem.test);
    if (!top) {
        return top.error();
    }
    auto ref_top = reference_top(problem.ref, problem.name);
    if (!ref_top) {
        return ref_top.error();
    }
    problem.top = *top;
    problem.ref_top = *ref_top;
    if (const std::string named = spec_module_name(problem.prompt);
        !named.empty() && named != problem.top) {
        problem.overrides.note =
            fmt::format("the spec names module {}, the testbench instantiates {}: {} is required",
                        named, problem.top, problem.top);
    }
    return problem;
}

struct KnownErratum {
    SuiteFormat format;
    std::string_view problem;
    std::string_view note;
};

constexpr std::string_view kNoMismatchLine =
    "the testbench never prints the \"Mismatches: N in M samples\" line its rule reads (only "
    "\"Hint:\" lines), so no candidate can pass";

// What is known about a problem's data, so its note says more than the golden run shows.
constexpr KnownErratum kKnownErrata[] = {
    {SuiteFormat::Rtllm, "radix2_div",
     "the verified reference fails its own testbench under Icarus (upstream issue #20): the "
     "testbench reads the result and applies the next operands on clock edges, a race that "
     "simulators order differently"},
    {SuiteFormat::Rtllm, "clkgenerator",
     "the testbench samples clk in the time step the design toggles it, a race: Icarus 11 runs "
     "the check first"},
    {SuiteFormat::Rtllm, "ring_counter",
     "the testbench initialises an unpacked array in its declaration (Icarus 11: \"Cannot "
     "assign to array data\"), its check races the reset at time 0 (Verilator: \"Failed at "
     "i=0\"), and it prints the pass line whatever it found"},
    {SuiteFormat::ChipBench, "Prob013_least_common_multiple",
     "the reference disagrees with its own testbench"},
    {SuiteFormat::ChipBench, "Prob006_cpu_top",
     "Icarus 11 cannot parse the testbench's '{default:0}, and Verilator does not support the "
     "reference's blocking and non-blocking assignments to one variable (nextPC)"},
    {SuiteFormat::ChipBench, "Prob008_chapter12_ctrl", kNoMismatchLine},
    {SuiteFormat::ChipBench, "Prob009_cp0_reg", kNoMismatchLine},
};

}  // namespace

util::Error suite_error(const fs::path& file, std::string message) {
    util::Error error = util::make_error(util::ErrorKind::Input, std::move(message));
    error.where = util::SourceLocation{.file = file.string()};
    return error;
}

SuiteFormat detect_format(const fs::path& dir) {
    if (has_flat_testbench(dir)) {
        const std::string name = fs::absolute(dir).lexically_normal().filename().string();
        const bool chipbench = name == "dataset_self_contain" ||
                               name == "dataset_not_self_contain" || name == "dataset_cpu_ip";
        return chipbench ? SuiteFormat::ChipBench : SuiteFormat::VerilogEval;
    }
    return design_folders(dir).empty() ? SuiteFormat::VerilogEval : SuiteFormat::Rtllm;
}

util::Status load_flat_layout(Suite& suite) {
    std::map<std::string, FoundFiles> found;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(suite.dir, ec)) {
        if (entry.is_regular_file(ec)) {
            classify(entry.path(), found);
        }
    }
    if (ec) {
        return suite_error(suite.dir, "cannot list the suite directory: " + ec.message());
    }
    for (const auto& [name, files] : found) {
        if (!files.test) {
            return suite_error(suite.dir / (name + "_test.sv"),
                               "missing testbench of problem " + name);
        }
        if (!files.ref) {
            return suite_error(suite.dir / (name + "_ref.sv"),
                               "missing reference of problem " + name);
        }
        suite.problems.push_back({.name = name,
                                  .format = suite.format,
                                  .prompt = files.prompt.value_or(fs::path{}),
                                  .ref = *files.ref,
                                  .test = *files.test,
                                  .ifc = files.ifc});
    }
    if (suite.problems.empty()) {
        return suite_error(suite.dir,
                           "no problems (<problem>_test.sv with <problem>_ref.sv) found");
    }
    return {};
}

util::Status load_rtllm_layout(Suite& suite) {
    for (const fs::path& folder : design_folders(suite.dir)) {
        auto problem = load_design_folder(folder);
        if (!problem) {
            return problem.error();
        }
        suite.problems.push_back(std::move(*problem));
    }
    if (suite.problems.empty()) {
        return suite_error(suite.dir, "no design folders (with design_description.txt) found");
    }
    std::sort(suite.problems.begin(), suite.problems.end(),
              [](const Problem& a, const Problem& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < suite.problems.size(); ++i) {
        if (suite.problems[i].name == suite.problems[i - 1].name) {
            return suite_error(suite.problems[i].prompt.parent_path(),
                               "two design folders are named " + suite.problems[i].name);
        }
    }
    return {};
}

void apply_known_errata(Suite& suite) {
    for (const KnownErratum& erratum : kKnownErrata) {
        if (erratum.format != suite.format) {
            continue;
        }
        const auto it = std::find_if(suite.problems.begin(), suite.problems.end(),
                                     [&](const Problem& p) { return p.name == erratum.problem; });
        if (it != suite.problems.end() && it->overrides.note.empty()) {
            it->overrides.note = std::string(erratum.note);
        }
    }
}

}  // namespace rtlduet::bench::detail
