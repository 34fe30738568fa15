// hdl/extract.cpp: interface extraction: stage the file in a work directory, let Verilator
// parse and elaborate it into an XML netlist (in the sandbox), pick the top module (by name,
// or the one no other module instantiates) and read its ports.
#include "hdl/extract.h"

#include <algorithm>
#include <iterator>
#include <regex>

#include <fmt/format.h>

#include "hdl/detail/netlist.h"
#include "hdl/detail/verilator_run.h"
#include "hdl/detail/xml.h"
#include "hdl/lint.h"
#include "util/files.h"

namespace rtlduet::hdl {
namespace {

constexpr std::string_view kNetlistFile = "netlist.xml";

// An interface-only file (VerilogEval's *_ifc.txt) is a module header that stops after the
// port list: closing it makes it a module with no body, which Verilator parses like any other.
std::string complete_interface_only(std::string text) {
    if (text.find("module") != std::string::npos && text.find("endmodule") == std::string::npos) {
        text += "\nendmodule\n";
    }
    return text;
}

std::string names_list(const std::vector<std::string>& names) {
    return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

std::vector<std::string> verilator_flags(const Elaboration& elaboration) {
    std::vector<std::string> flags = {"--xml-only",
                                      "--no-timing",
                                      "-Wno-fatal",
                                      "--Mdir",
                                      ".",
                                      "--xml-output",
                                      std::string(kNetlistFile)};
    if (!elaboration.top.empty()) {
        flags.insert(flags.end(), {"--top-module", elaboration.top});
    }
    for (const Parameter& parameter : elaboration.parameters) {
        flags.push_back(fmt::format("-G{}={}", parameter.name, parameter.value));
    }
    return flags;
}

// The modules Verilator elaborated as tops: each root <cells> list starts at one.
std::vector<std::string> elaborated_tops(const detail::XmlNode& root) {
    std::vector<std::string> tops;
    for (const detail::XmlNode& node : root.children) {
        if (node.name != "cells") {
            continue;
        }
        for (const detail::XmlNode& cell : node.children) {
            tops.emplace_back(cell.attribute("submodname"));
        }
    }
    return tops;
}

util::Result<std::string> choose_top(const detail::XmlNode& root, const std::string& source,
                                     std::string_view text) {
    const auto tops = elaborated_tops(root);
    if (tops.size() == 1) {
        return tops.front();
    }
    if (tops.empty()) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: no top module (modules declared: {})", source,
                                            names_list(declared_modules(text))));
    }
    return util::make_error(util::ErrorKind::Usage,
                            fmt::format("{}: {} modules are instantiated by no other module ({}): "
                                        "name the top with --top",
                                        source, tops.size(), names_list(tops)));
}

// Overrides are checked against the parameters the top really has.
util::Status mark_overrides(Interface& ifc, const std::vector<Parameter>& overrides) {
    for (const Parameter& wanted : overrides) {
        auto found = std::find_if(ifc.parameters.begin(), ifc.parameters.end(),
                                  [&](const Parameter& p) { return p.name == wanted.name; });
        if (found == ifc.parameters.end()) {
            std::vector<std::string> names;
            for (const Parameter& p : ifc.parameters) {
                names.push_back(p.name);
            }
            return util::make_error(
                util::ErrorKind::Usage,
                fmt::format("--param {}: module {} has no parameter {} (its parameters: {})",
                            wanted.name, ifc.module_name, wanted.name, names_list(names)));
        }
        found->is_overridden = true;
    }
    return {};
}

// `rejected`, when given, receives Verilator's error messages when it rejects the design.
util::Result<detail::XmlNode> run_netlist(const util::Sandbox& sandbox, const std::string& source,
                                          std::string text, const Elaboration& elaboration,
                                          const std::filesystem::path& cache_dir,
                                          std::vector<Diagnostic>* rejected) {
    const detail::VerilatorJob job{.source_text = std::move(text),
                                   .user_name = source,
                                   .flags = verilator_flags(elaboration),
                                   .outputs = {std::string(kNetlistFile)},
                                   .cache_dir = cache_dir};
    auto output = detail::run_verilator(sandbox, job);
    if (!output) {
        return output.error();
    }
    if (!output->run.succeeded()) {
        for (const Diagnostic& diag : output->diagnostics) {
            if (diag.message.starts_with("Parameters from the command line were not found")) {
                return util::make_error(util::ErrorKind::Usage, "--param: " + diag.message);
            }
        }
        util::Error failure = detail::verilator_failure(*output, source);
        if (rejected != nullptr && failure.kind == util::ErrorKind::Input &&
            !output->run.timed_out) {
            std::copy_if(output->diagnostics.begin(), output->diagnostics.end(),
                         std::back_inserter(*rejected),
                         [](const Diagnostic& diag) { return diag.severity == "error"; });
        }
        return failure;
    }
    if (!output->files.front()) {
        return util::make_error(util::ErrorKind::Tool, "verilator wrote no netlist");
    }
    return detail::parse_xml(*output->files.front());
}

util::Result<Interface> extract(const util::Sandbox& sandbox, const std::filesystem::path& source,
                                const SignalHints& hints, const Elaboration& elaboration,
                                const std::filesystem::path& cache_dir,
                                std::vector<Diagnostic>* rejected) {
    auto text = util::read_file(source);
    if (!text) {
        return text.error();
    }
    *text = complete_interface_only(std::move(*text));
    const std::vector<std::string> declared = declared_modules(*text);
    if (!elaboration.top.empty() &&
        std::find(declared.begin(), declared.end(), elaboration.top) == declared.end()) {
        return util::make_error(
            util::ErrorKind::Input,
            fmt::format("{}: no module named {} (modules declared: {})", source.string(),
                        elaboration.top, names_list(declared)));
    }
    auto root = run_netlist(sandbox, source.string(), *text, elaboration, cache_dir, rejected);
    if (!root) {
        return root.error();
    }
    auto top = elaboration.top.empty() ? choose_top(*root, source.string(), *text)
                                       : util::Result<std::string>(elaboration.top);
    if (!top) {
        return top.error();
    }
    const detail::XmlNode* module = detail::find_module(*root, *top);
    if (module == nullptr) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: no module named {}", source.string(), *top));
    }
    auto ifc = detail::read_ports(*root, *module);
    if (!ifc) {
        return ifc.error().with_context(source.string());
    }
    if (auto marked = mark_overrides(*ifc, elaboration.parameters); !marked) {
        return marked.error();
    }
    if (auto classified = detail::classify_signals(*ifc, *module, hints); !classified) {
        return classified.error().with_context(source.string());
    }
    return ifc;
}

}  // namespace

util::Result<Interface> extract_interface(const util::Sandbox& sandbox,
                                          const std::filesystem::path& source,
                                          const SignalHints& hints, const Elaboration& elaboration,
                                          const std::filesystem::path& cache_dir) {
    return extract(sandbox, source, hints, elaboration, cache_dir, nullptr);
}

util::Result<CheckedDesign> check_design(const util::Sandbox& sandbox,
                                         const std::filesystem::path& source,
                                         const SignalHints& hints, const Elaboration& elaboration,
                                         const std::filesystem::path& cache_dir) {
    CheckedDesign checked;
    auto ifc = extract(sandbox, source, hints, elaboration, cache_dir, &checked.errors);
    if (ifc) {
        checked.ifc = std::move(*ifc);
    } else if (checked.errors.empty()) {
        return ifc.error();
    }
    return checked;
}

util::Result<Parameter> parse_parameter_override(std::string_view text) {
    static const std::regex kOverride(
        R"(([A-Za-z_][A-Za-z0-9_$]*)=(-?[0-9][0-9_]*|-?[0-9]*'[sS]?([dD][0-9_]+|[hH][0-9a-fA-F_]+|[bB][01_]+|[oO][0-7_]+)))");
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_match(text.begin(), text.end(), match, kOverride)) {
        return util::make_error(util::ErrorKind::Usage,
                                fmt::format("--param {}: use NAME=VALUE with an integer value "
                                            "such as 16, -3 or 8'hff",
                                            text));
    }
    return Parameter{.name = match[1].str(), .value = match[2].str(), .is_overridden = true};
}

std::vector<std::string> parameter_flags(const Interface& ifc) {
    std::vector<std::string> flags;
    for (const Parameter& parameter : ifc.parameters) {
        if (parameter.is_overridden) {
            flags.push_back(fmt::format("-G{}={}", parameter.name, parameter.value));
        }
    }
    return flags;
}

}  // namespace rtlduet::hdl
