// `audit replay --all`: every case rebuilt from its stored events, in parallel over ranges of cases.
#include <algorithm>
#include <exception>
#include <functional>
#include <thread>

#include <fmt/format.h>

#include "engine/case_snapshot.h"
#include "engine/fast_replay.h"
#include "engine/service.h"

namespace sunlit {

namespace {

// One range of cases [first, end) replayed on one connection ("" end: to the last case).
struct Slice {
  std::string first, end;
  ReplayAllReport out;
  std::optional<StoreError> error;
};

// The case just replayed, finished: counted, and compared with its snapshot if asked.
void finish_case(Store& store, const std::string& id, const CaseState& state, bool broken, bool compare, Slice& slice) {
  ++slice.out.cases;
  if (broken || !compare) return;
  auto stored = store.snapshot_text(id);
  if (!stored) {
    slice.error = stored.error();
    return;
  }
  if (*stored != snapshot_text(state)) slice.out.differed.push_back(id);
}

void replay_slice(Store& store, bool compare, Slice& slice) {
  FastApplier applier;
  CaseState state;
  std::string current, why;
  bool broken = false;
  auto scanned = store.scan_events(slice.first, slice.end, [&](const EventView& e) {
    if (e.case_id != current) {
      if (!current.empty()) finish_case(store, current, state, broken, compare, slice);
      if (slice.error) return false;
      current.assign(e.case_id);
      state = CaseState{};
      broken = false;
    }
    ++slice.out.events;
    if (!broken && !applier.apply(state, e, &why)) {
      broken = true;
      slice.out.failed.push_back(fmt::format("case {}: event {} cannot be replayed: {}", current, e.seq, why));
    }
    return true;
  });
  if (!scanned) slice.error = scanned.error();
  else if (!current.empty() && !slice.error) finish_case(store, current, state, broken, compare, slice);
}

// Splits the cases into `n` ranges of about as many cases each.
std::vector<Slice> slices(const std::vector<std::string>& ids, int n) {
  std::vector<Slice> out;
  std::size_t per = (ids.size() + static_cast<std::size_t>(n) - 1) / static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < ids.size(); i += per) {
    Slice s;
    s.first = out.empty() ? std::string() : ids[i];
    s.end = i + per < ids.size() ? ids[i + per] : std::string();
    out.push_back(std::move(s));
  }
  if (out.empty()) out.push_back(Slice{});
  return out;
}

}  // namespace

Served<ReplayAllReport> CaseService::replay_all(int threads, bool compare) {
  auto ids = store_.case_ids();
  if (!ids) return from_store(ids.error());
  bool file = !store_.path().empty() && store_.path() != ":memory:";
  auto parts = slices(*ids, file ? std::clamp(threads, 1, 64) : 1);
  std::vector<std::unique_ptr<Store>> stores;  // one connection per extra slice
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto s = Store::open(store_.path());
    if (!s) return from_store(s.error());
    stores.push_back(std::move(*s));
  }
  std::vector<std::string> crashed(parts.size());  // an exception, caught in its own thread
  auto run = [&](Store& st, std::size_t i) {
    try {
      replay_slice(st, compare, parts[i]);
    } catch (const std::exception& e) {
      crashed[i] = e.what();
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < parts.size(); ++i) workers.emplace_back(run, std::ref(*stores[i - 1]), i);
  run(store_, 0);
  for (auto& w : workers) w.join();
  ReplayAllReport report;
  report.threads = static_cast<int>(parts.size());
  report.compared = compare;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].error) return from_store(*parts[i].error);
    if (!crashed[i].empty()) return CaseError{CaseError::storage, "the replay stopped: " + crashed[i]};
    auto& o = parts[i].out;
    report.cases += o.cases;
    report.events += o.events;
    report.failed.insert(report.failed.end(), o.failed.begin(), o.failed.end());
    report.differed.insert(report.differed.end(), o.differed.begin(), o.differed.end());
  }
  return report;
}

}  // namespace sunlit
