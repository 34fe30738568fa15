// hdl/detail/signals.cpp: which input is the clock and which the reset (hints first, then
// names), and whether the reset is asynchronous: an always block sensitive to an edge of
// the reset is async; one sensitive only to the clock that reads the reset is sync.
#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hdl/detail/netlist.h"

namespace rtlduet::hdl::detail {
namespace {

constexpr std::array<std::string_view, 2> kClockNames = {"clk", "clock"};
constexpr std::array<std::string_view, 4> kResetNames = {"reset", "rst", "areset", "arst"};
constexpr std::array<std::string_view, 2> kActiveLowSuffixes = {"_n", "n"};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains(const auto& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_single_bit_input(const Port& port) {
    return port.direction == PortDirection::Input && port.width == 1;
}

// Whether `name` reads as a reset, and if so whether it is active low (rst_n, resetn, ...).
std::optional<bool> reset_name_polarity(std::string_view name) {
    const std::string low = lower(name);
    if (contains(kResetNames, low)) {
        return false;
    }
    for (const std::string_view suffix : kActiveLowSuffixes) {
        if (low.ends_with(suffix) &&
            contains(kResetNames, std::string_view(low).substr(0, low.size() - suffix.size()))) {
            return true;
        }
    }
    return std::nullopt;
}

bool references(const XmlNode& node, std::string_view signal) {
    if (node.name == "varref" && node.attribute("name") == signal) {
        return true;
    }
    return std::any_of(node.children.begin(), node.children.end(),
                       [&](const XmlNode& child) { return references(child, signal); });
}

// Names of the signals whose edges trigger this always block.
std::vector<std::string_view> edge_triggers(const XmlNode& always) {
    std::vector<std::string_view> names;
    const XmlNode* sentree = always.child("sentree");
    if (sentree == nullptr) {
        return names;
    }
    for (const XmlNode& item : sentree->children) {
        const std::string_view edge = item.attribute("edgeType");
        const XmlNode* ref = item.child("varref");
        if ((edge == "POS" || edge == "NEG" || edge == "BOTH") && ref != nullptr) {
            names.push_back(ref->attribute("name"));
        }
    }
    return names;
}

void collect_always(const XmlNode& node, std::vector<const XmlNode*>& out) {
    if (node.name == "always") {
        out.push_back(&node);
        return;
    }
    for (const XmlNode& child : node.children) {
        collect_always(child, out);
    }
}

ResetTiming reset_timing(const XmlNode& module, std::string_view clock, std::string_view reset) {
    std::vector<const XmlNode*> blocks;
    collect_always(module, blocks);
    bool is_sync = false;
    for (const XmlNode* always : blocks) {
        const auto triggers = edge_triggers(*always);
        if (contains(triggers, reset)) {
            return ResetTiming::Async;
        }
        is_sync = is_sync || (contains(triggers, clock) && references(*always, reset));
    }
    return is_sync ? ResetTiming::Sync : ResetTiming::Unknown;
}

// A hint naming no 1-bit input is the user's mistake, not the design's: a usage error that
// lists what could have been meant.
util::Error no_such_input(std::string_view option, std::string_view name, const Interface& ifc) {
    std::vector<std::string> inputs;
    for (const Port& port : ifc.ports) {
        if (is_single_bit_input(port)) {
            inputs.push_back(port.name);
        }
    }
    return util::make_error(
        util::ErrorKind::Usage,
        fmt::format("{} {}: the module has no 1-bit input of that name; its 1-bit inputs: {}",
                    option, name,
                    inputs.empty() ? "none" : fmt::format("{}", fmt::join(inputs, ", "))));
}

util::Status classify_clock(Interface& ifc, const SignalHints& hints) {
    if (hints.clock) {
        const Port* port = ifc.find(*hints.clock);
        if (port == nullptr || !is_single_bit_input(*port)) {
            return no_such_input("--clock", *hints.clock, ifc);
        }
        ifc.clock = *hints.clock;
        return {};
    }
    for (const Port& port : ifc.ports) {
        if (is_single_bit_input(port) && contains(kClockNames, lower(port.name))) {
            ifc.clock = port.name;
            return {};
        }
    }
    return {};
}

// A combinational design gets a reset only when the user names one: a reset-named input
// of a design without a clock is data.
util::Status classify_reset(Interface& ifc, const SignalHints& hints) {
    if (hints.reset) {
        const Port* port = ifc.find(*hints.reset);
        if (port == nullptr || !is_single_bit_input(*port) || port->name == ifc.clock) {
            return no_such_input("--reset", *hints.reset, ifc);
        }
        const bool is_active_low =
            hints.reset_active_low.value_or(reset_name_polarity(port->name).value_or(false));
        ifc.reset = ResetSignal{.name = port->name, .is_active_low = is_active_low};
        return {};
    }
    if (!ifc.clock) {
        return {};
    }
    for (const Port& port : ifc.ports) {
        const auto is_active_low = reset_name_polarity(port.name);
        if (is_single_bit_input(port) && is_active_low && port.name != *ifc.clock) {
            ifc.reset =
                ResetSignal{.name = port.name,
                            .is_active_low = hints.reset_active_low.value_or(*is_active_low)};
            return {};
        }
    }
    return {};
}

}  // namespace

util::Status classify_signals(Interface& ifc, const XmlNode& module, const SignalHints& hints) {
    if (auto clock = classify_clock(ifc, hints); !clock) {
        return clock;
    }
    if (auto reset = classify_reset(ifc, hints); !reset) {
        return reset;
    }
    if (ifc.reset && ifc.clock) {
        ifc.reset->timing = reset_timing(module, *ifc.clock, ifc.reset->name);
    }
    return {};
}

}  // namespace rtlduet::hdl::detail
