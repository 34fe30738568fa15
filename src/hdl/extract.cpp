// hdl/extract.cpp: interface extraction: stage the file in a work directory, let Verilator
// parse and elaborate it into an XML netlist (in the sandbox), read the top module's ports.
#include "hdl/extract.h"

#include <fmt/format.h>

#include "hdl/detail/netlist.h"
#include "hdl/detail/verilator_run.h"
#include "hdl/detail/xml.h"
#include "util/files.h"
#include "util/temp_dir.h"

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

}  // namespace

util::Result<Interface> extract_interface(const util::Sandbox& sandbox,
                                          const std::filesystem::path& source,
                                          const SignalHints& hints, std::string_view top) {
    auto text = util::read_file(source);
    if (!text) {
        return text.error();
    }
    auto work = util::TempDir::create("rtlduet-extract-");
    if (!work) {
        return work.error();
    }
    const detail::VerilatorJob job{
        .source_text = complete_interface_only(std::move(*text)),
        .user_name = source.string(),
        .flags = {"--xml-only", "--no-timing", "-Wno-fatal", "--top-module", std::string(top),
                  "--Mdir", ".", "--xml-output", std::string(kNetlistFile)}};
    auto output = detail::run_verilator(sandbox, work->path(), job);
    if (!output) {
        return output.error();
    }
    if (!output->run.succeeded()) {
        return detail::verilator_failure(*output, source.string());
    }
    auto xml_text = util::read_file(work->path() / kNetlistFile, util::ErrorKind::Tool);
    if (!xml_text) {
        return xml_text.error().with_context("verilator wrote no netlist");
    }
    auto root = detail::parse_xml(*xml_text);
    if (!root) {
        return root.error();
    }
    const detail::XmlNode* module = detail::find_module(*root, top);
    if (module == nullptr) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: no module named {}", source.string(), top));
    }
    auto ifc = detail::read_ports(*root, *module);
    if (!ifc) {
        return ifc.error().with_context(source.string());
    }
    if (auto classified = detail::classify_signals(*ifc, *module, hints); !classified) {
        return classified.error().with_context(source.string());
    }
    return ifc;
}

}  // namespace rtlduet::hdl
