// stimulus/guided.cpp: guided rows. The segment is filled strategy by strategy (drawn with
// fixed weights) from the rows that reached new coverage: their patterns held for a while
// with the reset released, replayed with a few bits flipped, replayed and then reset, or
// corner values held per input. Long stretches without a reset let counters and state
// machines go deeper than the uniform rows, whose reset comes back every ~50 rows.
#include "stimulus/guided.h"

#include <algorithm>
#include <optional>

#include "stimulus/detail/rng.h"

namespace rtlduet::stimulus {
namespace {

using detail::Rng;

constexpr std::uint64_t kRoundSalt = 0x9e3779b97f4a7c15ull;
constexpr std::size_t kReplayRows = 16;  // a replay's length without a productive range
constexpr double kFlipRate = 0.125;      // chance per input and replayed row of a flipped bit

class SegmentWriter {
public:
    SegmentWriter(const hdl::Interface& ifc, const VectorSet& base, VectorSet& out,
                  const GuidedRequest& request)
        : base_(base),
          out_(out),
          request_(request),
          rng_(request.seed ^ (kRoundSalt * static_cast<std::uint64_t>(request.round + 1))),
          at_(request.from) {
        for (std::size_t c = 0; c < base.inputs.size() && ifc.reset; ++c) {
            if (base.inputs[c].name == ifc.reset->name) {
                reset_column_ = c;
                active_low_ = ifc.reset->is_active_low;
            }
        }
    }

    bool is_full() const { return at_ >= request_.to; }

    // Strategies drawn with weights hold 3, glitch 3, replay 2 (1 without productive rows),
    // replay then reset 1, corners 1.
    void fill() {
        const std::uint64_t replays = request_.productive.empty() ? 1 : 2;
        while (!is_full()) {
            const std::uint64_t pick = rng_.below(8 + replays);
            if (pick < 3) {
                hold(length());
            } else if (pick < 6) {
                glitch();
            } else if (pick < 6 + replays) {
                replay(false);
            } else if (pick < 7 + replays) {
                replay(true);
            } else {
                corners();
            }
        }
    }

private:
    // A row of the base before the segment: mostly from a productive range.
    std::size_t source_row() {
        const auto& ranges = request_.productive;
        if (!ranges.empty() && rng_.chance(0.75)) {
            const auto& [first, last] = ranges[rng_.below(ranges.size())];
            return first + rng_.below(std::max<std::size_t>(last - first, 1));
        }
        return rng_.below(std::max<std::size_t>(request_.from, 1));
    }

    std::pair<std::size_t, std::size_t> source_range() {
        const auto& ranges = request_.productive;
        if (!ranges.empty()) {
            return ranges[rng_.below(ranges.size())];
        }
        const std::size_t first = rng_.below(std::max<std::size_t>(request_.from, 1));
        return {first, std::min(first + kReplayRows, std::max<std::size_t>(request_.from, 1))};
    }

    void put(std::vector<hdl::Bits> row, RowSource source, std::optional<bool> reset) {
        if (is_full()) {
            return;
        }
        if (reset_column_ && reset) {
            row[*reset_column_] = hdl::Bits::from_u64(1, *reset != active_low_ ? 1 : 0);
        }
        if (!out_.reset_rows.empty()) {
            out_.reset_rows[at_] = reset.value_or(base_.reset_rows[source_row_]);
        }
        out_.rows[at_] = std::move(row);
        out_.sources[at_] = source;
        ++at_;
    }

    // 4..67 rows (4..35 with `is_short`), short runs as likely as long ones.
    std::size_t length(bool is_short = false) {
        return (std::size_t{4} << rng_.below(is_short ? 4 : 5)) + rng_.below(4);
    }

    // A row to hold: a base row, half the time with every other input at a corner value.
    std::vector<hdl::Bits> held_row() {
        source_row_ = source_row();
        std::vector<hdl::Bits> row = base_.rows[source_row_];
        if (rng_.chance(0.5)) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (c != reset_column_) {
                    const auto corner = detail::kCorners[rng_.below(detail::kCorners.size())];
                    row[c] = detail::corner_value(row[c].width(), corner);
                }
            }
        }
        return row;
    }

    void hold(std::size_t rows) {
        const std::vector<hdl::Bits> row = held_row();
        for (std::size_t k = 0; k < rows; ++k) {
            put(row, RowSource::Hold, false);
        }
    }

    // Hold, glitch, hold: a row held, then one bit of one input flipped for 1 row (or 2..4), then
    // the row held again, with the reset released (runs of equal inputs broken once, as counters
    // and sequence detectors need after a rare state).
    void glitch() {
        const std::vector<hdl::Bits> row = held_row();
        std::vector<hdl::Bits> flipped = row;
        std::vector<std::size_t> columns;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c != reset_column_) {
                columns.push_back(c);
            }
        }
        if (!columns.empty()) {
            hdl::Bits& value = flipped[columns[rng_.below(columns.size())]];
            const int bit = static_cast<int>(rng_.below(static_cast<std::uint64_t>(value.width())));
            value.set_bit(bit, !value.bit(bit));
        }
        const std::size_t before = length(true);
        const std::size_t glitch_rows = rng_.chance(0.5) ? 1 : 2 + rng_.below(3);
        const std::size_t after = length(true);
        for (std::size_t k = 0; k < before + glitch_rows + after; ++k) {
            const bool is_glitch = k >= before && k < before + glitch_rows;
            put(is_glitch ? flipped : row, RowSource::Hold, false);
        }
    }

    // A productive range again: with a bit flipped here and there, or exactly and then with
    // the reset asserted in the state it reached.
    void replay(bool then_reset) {
        const auto [first, last] = source_range();
        for (std::size_t r = first; r < last && !is_full(); ++r) {
            source_row_ = r;
            std::vector<hdl::Bits> row = base_.rows[r];
            for (std::size_t c = 0; c < row.size() && !then_reset; ++c) {
                if (c != reset_column_ && rng_.chance(kFlipRate)) {
                    const int bit = static_cast<int>(
                        rng_.below(static_cast<std::uint64_t>(std::max(row[c].width(), 1))));
                    row[c].set_bit(bit, !row[c].bit(bit));
                }
            }
            put(std::move(row), RowSource::Replay, std::nullopt);
        }
        if (then_reset) {
            put(base_.rows[source_row_], RowSource::ResetInState, true);
        }
    }

    // Each input at a corner value, held for 2..9 rows.
    void corners() {
        source_row_ = source_row();
        std::vector<hdl::Bits> row = base_.rows[source_row_];
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c != reset_column_) {
                const auto corner = detail::kCorners[rng_.below(detail::kCorners.size())];
                row[c] = detail::corner_value(row[c].width(), corner);
            }
        }
        const std::size_t length = 2 + rng_.below(8);
        for (std::size_t k = 0; k < length; ++k) {
            put(row, RowSource::Corner, false);
        }
    }

    const VectorSet& base_;
    VectorSet& out_;
    const GuidedRequest& request_;
    Rng rng_;
    std::size_t at_;
    std::size_t source_row_ = 0;
    std::optional<std::size_t> reset_column_;
    bool active_low_ = false;
};

}  // namespace

std::string_view to_string(RowSource source) {
    switch (source) {
        case RowSource::Random:
            return "random";
        case RowSource::Hold:
            return "guided_hold";
        case RowSource::Replay:
            return "guided_replay";
        case RowSource::ResetInState:
            return "guided_reset_in_state";
        case RowSource::Corner:
            return "guided_corner";
    }
    return "random";
}

VectorSet guided_rows(const hdl::Interface& ifc, const VectorSet& base,
                      const GuidedRequest& request) {
    VectorSet out = base;
    if (out.sources.size() != out.rows.size()) {
        out.sources.assign(out.rows.size(), RowSource::Random);
    }
    GuidedRequest clamped = request;
    clamped.to = std::min(request.to, base.rows.size());
    clamped.from = std::min(request.from, clamped.to);
    if (clamped.from == 0 || clamped.from == clamped.to) {
        return out;  // nothing before the segment to learn from, or nothing to replace
    }
    for (auto& [first, last] : clamped.productive) {
        last = std::min(last, clamped.from);
        first = std::min(first, last);
    }
    std::erase_if(clamped.productive,
                  [](const auto& range) { return range.first == range.second; });
    SegmentWriter(ifc, base, out, clamped).fill();
    return out;
}

}  // namespace rtlduet::stimulus
