// bench/detail/work_files.cpp: arranges a problem's files so that the candidate shares no
// module with the reference or the testbench. The reference's own modules (besides its top)
// are renamed rtlduet_ref_<name>, modules it instantiates from code the prompt provides get
// their own renamed copy, and the testbench's macros are compiled ahead of the candidate.
#include "bench/detail/work_files.h"

#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "bench/detail/module_scan.h"
#include "bench/detail/testbench_compat.h"
#include "util/files.h"

namespace rtlduet::bench::detail {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kReferencePrefix = "rtlduet_ref_";

util::Error problem_error(const fs::path& file, std::string message) {
    util::Error error = util::make_error(util::ErrorKind::Input, std::move(message));
    error.where = util::SourceLocation{.file = file.string()};
    return error;
}

void reserve(const std::string& text, const fs::path& file, ProblemTexts& texts) {
    for (const ModuleDecl& module : declared_modules(text)) {
        texts.reserved.push_back({module.name, fmt::format("{}:{}", file.string(), module.line)});
    }
}

// The macros the testbench defines that the reference uses: the candidate needs them too.
std::vector<std::string> macros_used_by(std::string_view defines, std::string_view ref) {
    static const std::regex kDefine(R"(`define\s+([A-Za-z_][A-Za-z0-9_$]*))");
    std::vector<std::string> used;
    const std::string text(defines);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kDefine);
         it != std::sregex_iterator(); ++it) {
        const std::regex use("`" + (*it)[1].str() + R"(\b)");
        if (std::regex_search(ref.begin(), ref.end(), use)) {
            used.push_back((*it)[1].str());
        }
    }
    return used;
}

// VerilogEval's layout: the testbench instantiates the candidate's top and the reference's.
void arrange_flat(const Problem& problem, const std::string& ref, const std::string& prompt,
                  ProblemTexts& texts) {
    std::set<std::string> defined;
    for (const auto& decls : {declared_modules(ref), declared_modules(texts.test)}) {
        for (const ModuleDecl& module : decls) {
            defined.insert(module.name);
        }
    }
    std::set<std::string> missing;
    for (const std::string& type : instantiated_modules(ref)) {
        if (!defined.contains(type)) {
            missing.insert(type);
        }
    }
    std::string full_ref = ref;
    std::vector<std::string> provided;
    for (const auto& [name, source] : module_sources(prompt, missing)) {
        full_ref += "\n" + source;
        provided.push_back(name);
        missing.erase(name);
    }
    if (!missing.empty()) {
        texts.unusable_reason = fmt::format(
            "the reference instantiates {}, which neither it, the testbench nor the "
            "prompt defines",
            fmt::join(missing, ", "));
    }
    std::map<std::string, std::string> renames;
    for (const ModuleDecl& module : declared_modules(full_ref)) {
        if (module.name != problem.ref_top) {
            renames.emplace(module.name, std::string(kReferencePrefix) + module.name);
        }
    }
    texts.ref = rename_modules(full_ref, renames);
    texts.golden = rename_modules(full_ref, {{problem.ref_top, problem.top}});
    reserve(texts.ref, problem.ref, texts);
    if (!provided.empty()) {
        texts.note = fmt::format(
            "the reference instantiates {} as the prompt provides {}: it gets its own copy, "
            "the candidate must define its own",
            fmt::join(provided, ", "), provided.size() == 1 ? "it" : "them");
    }
}

// RTLLM: the testbench instantiates the design and checks it by itself; no reference runs.
util::Status arrange_rtllm(const Problem& problem, const std::string& ref, ProblemTexts& texts) {
    const std::vector<std::string> roots = root_modules(texts.test);
    if (roots.size() != 1) {
        return problem_error(problem.test,
                             fmt::format("the testbench has {} top modules ({}), not one",
                                         roots.size(), fmt::join(roots, ", ")));
    }
    texts.tb_top = roots.front();
    texts.golden = rename_modules(ref, {{problem.ref_top, problem.top}});
    texts.data_files = problem.data_files;
    return {};
}

// The compatibility copy of the testbench, when one of its rewrites applies.
void add_compat_testbench(ProblemTexts& texts) {
    std::vector<std::string> fixes;
    if (texts.format != SuiteFormat::Rtllm) {
        if ((texts.compat_test = hoist_match_declarations(texts.test))) {
            fixes.emplace_back("tb_match/tb_mismatch declared ahead of their first use");
        }
    }
    if (auto rewritten = replace_break_statements(texts.compat_test.value_or(texts.test))) {
        texts.compat_test = std::move(rewritten);
        fixes.emplace_back("each loop break made a disable of a block named around the loop");
    }
    texts.compat_note = fmt::format("{}", fmt::join(fixes, "; "));
}

}  // namespace

util::Result<ProblemTexts> read_problem_texts(const Problem& problem) {
    auto test = util::read_file(problem.test);
    if (!test) {
        return test.error();
    }
    auto ref = util::read_file(problem.ref);
    if (!ref) {
        return ref.error();
    }
    std::string prompt;
    if (!problem.prompt.empty()) {
        auto text = util::read_file(problem.prompt);
        if (!text) {
            return text.error();
        }
        prompt = std::move(*text);
    }
    std::string defines = macro_definitions(*test);
    ProblemTexts texts{.format = problem.format,
                       .top = problem.top,
                       .tb_top = "tb",
                       .test = std::move(*test),
                       .defines = std::move(defines)};
    reserve(texts.test, problem.test, texts);
    if (problem.format == SuiteFormat::Rtllm) {
        if (auto arranged = arrange_rtllm(problem, *ref, texts); !arranged) {
            return arranged.error();
        }
    } else {
        arrange_flat(problem, *ref, prompt, texts);
    }
    add_compat_testbench(texts);
    if (const auto macros = macros_used_by(texts.defines, *ref); !macros.empty()) {
        texts.note += fmt::format(
            "{}the reference uses macros the testbench defines (`{}): "
            "compiled ahead of the candidate, so it sees them too",
            texts.note.empty() ? "" : "; ", fmt::join(macros, ", `"));
    }
    return texts;
}

std::vector<std::string> work_sources(const ProblemTexts& texts, bool compat_testbench) {
    std::vector<std::string> sources;
    if (!texts.defines.empty()) {
        sources.emplace_back("defines.sv");
    }
    sources.emplace_back("cand.sv");
    sources.emplace_back(compat_testbench ? "test_compat.sv" : "test.sv");
    if (!texts.ref.empty()) {
        sources.emplace_back("ref.sv");
    }
    return sources;
}

util::Status write_work_files(const fs::path& dir, const ProblemTexts& texts,
                              std::string_view candidate) {
    const std::pair<std::string_view, std::string_view> files[] = {
        {"cand.sv", candidate},
        {"test.sv", texts.test},
        {"ref.sv", texts.ref},
        {"defines.sv", texts.defines},
        {"test_compat.sv", texts.compat_test ? std::string_view(*texts.compat_test) : ""}};
    for (const auto& [name, text] : files) {
        if (name == "cand.sv" || !text.empty()) {
            if (auto written = util::write_file(dir / name, text); !written) {
                return written.error();
            }
        }
    }
    for (const fs::path& data : texts.data_files) {
        std::error_code ec;
        fs::copy_file(data, dir / data.filename(), fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return util::make_error(util::ErrorKind::Io, fmt::format("cannot stage {}: {}",
                                                                     data.string(), ec.message()));
        }
    }
    return {};
}

std::optional<std::string> module_clash(std::string_view candidate, const ProblemTexts& texts) {
    const std::vector<ModuleDecl> modules = declared_modules(candidate);
    std::map<std::string, int> first_line;
    for (const ModuleDecl& module : modules) {
        const auto [it, is_new] = first_line.emplace(module.name, module.line);
        if (!is_new) {
            return fmt::format("module {} is defined twice in the candidate (lines {} and {})",
                               module.name, it->second, module.line);
        }
        for (const ReservedModule& reserved : texts.reserved) {
            if (reserved.name == module.name) {
                return fmt::format(
                    "module {} of the candidate (line {}) is already defined at {}: a "
                    "candidate's modules need names of their own",
                    module.name, module.line, reserved.where);
            }
        }
    }
    if (!first_line.contains(texts.top)) {
        return fmt::format("the sample defines no module {}", texts.top);
    }
    return std::nullopt;
}

}  // namespace rtlduet::bench::detail
