// sim/waveform.cpp: the VCD of a pair, written by rtlduet from the two traces rather than by
// the simulator, so Verilator and Icarus give the same file: one scope, rtlduet's own time
// per row, the design's ports, the model's outputs and the mismatch marks, no harness signals.
#include "sim/waveform.h"

#include <set>

#include <fmt/format.h>

#include "util/files.h"

namespace rtlduet::sim {
namespace {

constexpr std::size_t kRowTime = 10;  // ns per row
constexpr std::size_t kEdgeTime = 5;  // the rising clock edge within a row

struct Signal {
    std::string name;
    int width = 1;
    std::string id;
    std::string kind = "wire";
    std::string last;  // the value last written, empty before the first
};

// VCD identifiers: printable ASCII from '!' to '~', base 94.
std::string identifier(std::size_t index) {
    std::string id;
    do {
        id += static_cast<char>('!' + index % 94);
        index /= 94;
    } while (index > 0);
    return id;
}

std::string binary(const hdl::Bits& value) {
    std::string digits;
    for (int bit = value.width() - 1; bit >= 0; --bit) {
        digits += value.is_unknown(bit) ? 'x' : (value.bit(bit) ? '1' : '0');
    }
    return digits;
}

// The scope's signals: clock, inputs, the design's outputs, then rtlduet's own (the model's
// outputs, the mismatch marks, the row number), renamed with a trailing '_' where a port
// already has the name.
class Signals {
public:
    std::size_t add(std::string name, int width, std::string kind = "wire") {
        while (!names_.insert(name).second) {
            name += '_';
        }
        signals_.push_back({.name = std::move(name),
                            .width = width,
                            .id = identifier(signals_.size()),
                            .kind = std::move(kind)});
        return signals_.size() - 1;
    }
    // Appends a value change when the value changed.
    void set(std::size_t index, const hdl::Bits& value, std::string& out) {
        Signal& signal = signals_[index];
        std::string text = signal.width == 1 ? binary(value) : "b" + binary(value) + " ";
        if (text == signal.last) {
            return;
        }
        out += text + signal.id + "\n";
        signal.last = std::move(text);
    }
    void set(std::size_t index, bool value, std::string& out) {
        set(index, hdl::Bits::from_u64(1, value ? 1 : 0), out);
    }
    std::string declarations() const {
        std::string text;
        for (const Signal& signal : signals_) {
            text += fmt::format("$var {} {} {} {} $end\n", signal.kind, signal.width, signal.id,
                                signal.name);
        }
        return text;
    }

private:
    std::set<std::string> names_;
    std::vector<Signal> signals_;
};

struct Layout {
    std::optional<std::size_t> clock;
    std::vector<std::size_t> inputs;
    std::vector<std::size_t> outputs;
    std::vector<std::size_t> model;
    std::optional<std::size_t> mismatch;
    std::vector<std::size_t> mismatch_of;  // per output, when there are several
    std::size_t row = 0;
};

Layout declare(const Waveform& waveform, Signals& signals) {
    const hdl::Interface& ifc = waveform.interface;
    Layout layout;
    for (const hdl::Port& port : ifc.ports) {  // every port name is taken first
        signals.add(port.name, port.width);
    }
    // The ports were added in declaration order; look them up in the order used below.
    const auto index_of = [&](const std::string& name) {
        for (std::size_t i = 0; i < ifc.ports.size(); ++i) {
            if (ifc.ports[i].name == name) {
                return i;
            }
        }
        return ifc.ports.size();
    };
    if (ifc.clock) {
        layout.clock = index_of(*ifc.clock);
    }
    for (const hdl::Port& input : waveform.vectors.inputs) {
        layout.inputs.push_back(index_of(input.name));
    }
    const auto outputs = ifc.outputs();
    for (const hdl::Port& output : outputs) {
        layout.outputs.push_back(index_of(output.name));
    }
    if (waveform.has_model()) {
        for (const hdl::Port& output : outputs) {
            layout.model.push_back(signals.add("model_" + output.name, output.width));
        }
        layout.mismatch = signals.add("mismatch", 1);
        for (std::size_t i = 0; i < outputs.size() && outputs.size() > 1; ++i) {
            layout.mismatch_of.push_back(signals.add("mismatch_" + outputs[i].name, 1));
        }
    }
    layout.row = signals.add("row", 32, "integer");
    return layout;
}

// One phase of one row: the outputs of both sides (a side without values at this phase keeps
// its previous ones) and the marks.
void dump_values(const Layout& layout, const std::vector<hdl::Bits>* rtl,
                 const std::vector<hdl::Bits>* model, const std::vector<bool>* marks,
                 Signals& signals, std::string& out) {
    for (std::size_t i = 0; i < layout.outputs.size(); ++i) {
        if (rtl != nullptr) {
            signals.set(layout.outputs[i], (*rtl)[i], out);
        }
        if (model != nullptr && i < layout.model.size()) {
            signals.set(layout.model[i], (*model)[i], out);
        }
    }
    if (!layout.mismatch) {
        return;
    }
    bool any = false;
    for (std::size_t i = 0; i < layout.outputs.size(); ++i) {
        const bool is_marked = marks != nullptr && (*marks)[i];
        any = any || is_marked;
        if (i < layout.mismatch_of.size()) {
            signals.set(layout.mismatch_of[i], is_marked, out);
        }
    }
    signals.set(*layout.mismatch, any, out);
}

template <typename T>
const T* at(const std::vector<T>& values, std::size_t row) {
    return row < values.size() ? &values[row] : nullptr;
}

std::string header(const Waveform& waveform) {
    const std::string timing =
        waveform.interface.is_sequential()
            ? "row r spans 10r to 10r+10 ns: its inputs and pre-edge values at 10r, the "
              "rising clock edge and the post-edge values at 10r+5"
            : "row r spans 10r to 10r+10 ns: its inputs and values at 10r";
    return fmt::format(
        "$version rtlduet $end\n$timescale 1ns $end\n$comment {} $end\n$scope module {} $end\n",
        timing, waveform.interface.module_name);
}

}  // namespace

std::string vcd_text(const Waveform& waveform) {
    Signals signals;
    const Layout layout = declare(waveform, signals);
    std::string out = header(waveform) + signals.declarations() + "$upscope $end\n";
    out += "$enddefinitions $end\n";
    const bool is_sequential = waveform.interface.is_sequential();
    const Trace& rtl = waveform.rtl;
    const Trace& model = waveform.model;
    for (std::size_t row = 0; row < waveform.vectors.rows.size(); ++row) {
        out += fmt::format("#{}\n", row * kRowTime);
        out += row == 0 ? "$dumpvars\n" : "";
        signals.set(layout.row, hdl::Bits::from_u64(32, row), out);
        if (layout.clock) {
            signals.set(*layout.clock, false, out);
        }
        for (std::size_t i = 0; i < layout.inputs.size(); ++i) {
            signals.set(layout.inputs[i], waveform.vectors.rows[row][i], out);
        }
        if (is_sequential) {
            dump_values(layout, at(rtl.pre, row), at(model.pre, row),
                        at(waveform.pre_mismatch, row), signals, out);
            out += row == 0 ? "$end\n" : "";
            out += fmt::format("#{}\n", row * kRowTime + kEdgeTime);
            if (layout.clock) {
                signals.set(*layout.clock, true, out);
            }
        }
        dump_values(layout, at(rtl.post, row), at(model.post, row), at(waveform.post_mismatch, row),
                    signals, out);
        out += row == 0 && !is_sequential ? "$end\n" : "";
    }
    out += fmt::format("#{}\n", waveform.vectors.rows.size() * kRowTime);
    return out;
}

util::Status write_vcd(const Waveform& waveform, const std::filesystem::path& path) {
    if (auto written = util::write_file(path, vcd_text(waveform)); !written) {
        return written.error().with_context("the waveform");
    }
    return {};
}

}  // namespace rtlduet::sim
