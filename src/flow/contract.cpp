// flow/contract.cpp: contract and interface text for prompts.
#include "flow/detail/contract.h"

#include <vector>

#include <fmt/format.h>

#include "flow/detail/prompt_template.h"

namespace rtlduet::flow {
namespace {

std::string port_list(const std::vector<hdl::Port>& ports) {
    std::vector<std::string> items;
    for (const hdl::Port& port : ports) {
        items.push_back(fmt::format("`{}` ({} bit{}{})", port.name, port.width,
                                    port.width == 1 ? "" : "s",
                                    port.is_signed ? ", two's complement" : ""));
    }
    return items.empty() ? "none" : fmt::format("{}", fmt::join(items, ", "));
}

std::string reset_note(const hdl::Interface& ifc) {
    if (!ifc.reset) {
        return "";
    }
    const hdl::ResetSignal& reset = *ifc.reset;
    std::string note = fmt::format("The reset `{}` is active {}.", reset.name,
                                   reset.is_active_low ? "low (asserted when 0)" : "high");
    if (reset.timing == hdl::ResetTiming::Async) {
        note +=
            " It is asynchronous: in a cycle where it is asserted, `outputs()` already "
            "returns the reset state.";
    } else if (reset.timing == hdl::ResetTiming::Sync) {
        note += " It is synchronous: it takes effect at the clock edge.";
    }
    return note;
}

// `__init__`'s keyword arguments, one per parameter of the top with its simulated value.
std::string init_parameters(const hdl::Interface& ifc) {
    std::string text;
    for (const hdl::Parameter& parameter : ifc.parameters) {
        text += fmt::format(", {}={}", parameter.name, parameter.value);
    }
    return text;
}

std::string parameter_note(const hdl::Interface& ifc) {
    if (ifc.parameters.empty()) {
        return "";
    }
    std::vector<std::string> names;
    for (const hdl::Parameter& parameter : ifc.parameters) {
        names.push_back(fmt::format("`{}` = {}", parameter.name, parameter.value));
    }
    return fmt::format(
        "\n\nThe module has parameters ({}): the harness passes each to `__init__` as a "
        "keyword argument with the value the design is simulated with; take every one and "
        "derive every width and constant from them.",
        fmt::join(names, ", "));
}

}  // namespace

util::Result<std::string> render_contract(const PromptSet& prompts,
                                          const std::optional<hdl::Interface>& ifc) {
    std::string file = "contract_unknown.md";
    TemplateValues values = {{"init_parameters", ""}, {"parameter_note", ""}};
    if (ifc) {
        file = ifc->is_sequential() ? "contract_sequential.md" : "contract_combinational.md";
        values = {
            {"clock", ifc->clock.value_or("")},         {"inputs", port_list(ifc->driven_inputs())},
            {"outputs", port_list(ifc->outputs())},     {"reset_note", reset_note(*ifc)},
            {"init_parameters", init_parameters(*ifc)}, {"parameter_note", parameter_note(*ifc)}};
    }
    const std::string* text = prompts.find(file);
    if (text == nullptr) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("prompt set {} has no {}", prompts.dir.string(), file));
    }
    return render_template(*text, values, (prompts.dir / file).string());
}

std::string describe_interface(const std::optional<hdl::Interface>& ifc) {
    if (!ifc) {
        return "As stated in the specification.";
    }
    std::vector<std::string> lines;
    for (const hdl::Port& port : ifc->ports) {
        const char* direction = port.direction == hdl::PortDirection::Input    ? "input"
                                : port.direction == hdl::PortDirection::Output ? "output"
                                                                               : "inout";
        const std::string range = port.width > 1 || port.msb != port.lsb
                                      ? fmt::format(" [{}:{}]", port.msb, port.lsb)
                                      : "";
        lines.push_back(fmt::format("  {}{}{} {}", direction, port.is_signed ? " signed" : "",
                                    range, port.name));
    }
    std::string parameters;
    if (!ifc->parameters.empty()) {
        std::vector<std::string> items;
        for (const hdl::Parameter& parameter : ifc->parameters) {
            items.push_back(fmt::format("parameter {} = {}", parameter.name, parameter.value));
        }
        parameters = fmt::format(" #({})", fmt::join(items, ", "));
    }
    return fmt::format("```verilog\nmodule {}{} (\n{}\n);\n```",
                       ifc->module_name.empty() ? "<top module>" : ifc->module_name, parameters,
                       fmt::join(lines, ",\n"));
}

std::string describe_top(const std::string& top) {
    return top.empty() ? "top module" : fmt::format("module `{}`", top);
}

}  // namespace rtlduet::flow
