// sim/waveform.h: one pair's values on every row, the design's next to the model's, with the
// values compare() found mismatching; written as a VCD (the same file whichever simulator ran)
// or drawn as text around the first mismatch (docs/outputs.md, "Waveforms").
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hdl/interface.h"
#include "sim/crosscheck.h"
#include "sim/trace.h"
#include "stimulus/vectors.h"
#include "util/error.h"

namespace rtlduet::sim {

/// Builds the waveform of a compared pair (or of a design alone when the model produced no
/// trace: `model` empty). The marks follow compare()'s rules under the same options.
Waveform make_waveform(const hdl::Interface& ifc, const stimulus::VectorSet& vectors,
                       const Trace& rtl, const Trace& model, const CompareOptions& options = {});

/// The VCD text: timescale 1ns, row r from 10r ns (inputs and pre-edge values), the rising
/// clock edge and the post-edge values at 10r + 5 ns; one scope named after the top.
std::string vcd_text(const Waveform& waveform);
util::Status write_vcd(const Waveform& waveform, const std::filesystem::path& path);

struct TextWaveformOptions {
    std::size_t rows_before = 2;  // rows shown before the first mismatching row
    std::size_t rows_after = 1;   // and after it
};

/// A few rows around the first mismatch as a table for the terminal: inputs, the design's
/// and the model's outputs, the mismatching values marked with their differing bits. Empty
/// when nothing mismatches.
std::string render_text_waveform(const Waveform& waveform, const TextWaveformOptions& options = {});

}  // namespace rtlduet::sim
