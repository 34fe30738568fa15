// hdl/interface.cpp: port list queries.
#include "hdl/interface.h"

namespace rtlduet::hdl {

const Port* Interface::find(std::string_view name) const {
    for (const Port& port : ports) {
        if (port.name == name) {
            return &port;
        }
    }
    return nullptr;
}

std::vector<Port> Interface::driven_inputs() const {
    std::vector<Port> inputs;
    for (const Port& port : ports) {
        if (port.direction == PortDirection::Input && (!clock || port.name != *clock)) {
            inputs.push_back(port);
        }
    }
    return inputs;
}

std::vector<Port> Interface::outputs() const {
    std::vector<Port> outputs;
    for (const Port& port : ports) {
        if (port.direction == PortDirection::Output) {
            outputs.push_back(port);
        }
    }
    return outputs;
}

}  // namespace rtlduet::hdl
