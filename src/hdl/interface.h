// hdl/interface.h: a module's port list as the simulators and the model see it, with the
// clock and reset classified. Produced by real parsing (hdl/extract.h), never by regex.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtlduet::hdl {

enum class PortDirection { Input, Output, Inout };

struct Port {
    std::string name;
    PortDirection direction = PortDirection::Input;
    int width = 1;
    bool is_signed = false;
    int msb = 0;  // declared range, e.g. [7:0] -> 7, 0; [0:7] -> 0, 7
    int lsb = 0;
    bool operator==(const Port&) const = default;
};

struct Parameter {
    std::string name;
    std::string value;           // as Verilator elaborated it: decimal when it fits 64 bits
    bool is_overridden = false;  // set by --param; simulators pass only these values on
    bool operator==(const Parameter&) const = default;
};

enum class ResetTiming { Unknown, Sync, Async };

struct ResetSignal {
    std::string name;
    bool is_active_low = false;
    ResetTiming timing = ResetTiming::Unknown;
    bool operator==(const ResetSignal&) const = default;
};

struct Interface {
    std::string module_name = "TopModule";
    std::vector<Port> ports;  // declaration order
    std::vector<Parameter> parameters;
    std::optional<std::string> clock;
    std::optional<ResetSignal> reset;

    bool is_sequential() const { return clock.has_value(); }
    const Port* find(std::string_view name) const;
    /// Inputs driven by stimulus vectors: every input except the clock (reset included),
    /// in declaration order.
    std::vector<Port> driven_inputs() const;
    std::vector<Port> outputs() const;
    bool operator==(const Interface&) const = default;
};

}  // namespace rtlduet::hdl
