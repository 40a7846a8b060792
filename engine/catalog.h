// The catalog of powers (职权目录) with its statistics, and the separate confidential catalog.
//
// Contract: build_catalog() groups processes by power code (one power may
// have several flowcharts, e.g. summary and ordinary penalty procedure; the
// first file in order supplies the entry). A power is confidential when any
// of its flowcharts says `confidential: true`; it then goes to the
// confidential catalog ONLY: the public renderings never show its code, name
// or any field, and public statistics count public powers only. The
// confidential renderings show only the confidential catalog (code, name,
// basis, reason) and never the public one. Output is deterministic (sorted
// by code). Formats: aligned table (CJK display width), CSV (RFC 4180),
// JSON. The CSV form holds the entries only; statistics are in table and JSON.
// The table clips the basis and fee-basis cells at 40 display cells with "…" (names are
// never cut); CSV and JSON are complete.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/definition.h"

namespace sunlit {

// One power in the catalog and how many flowcharts it has.
struct CatalogEntry {
  Catalog power;
  int flowcharts = 0;
};

// Per-category counts (seed 000 annex 1), indexed by Category.
struct CatalogStats {
  std::array<int, 9> powers{};
  std::array<int, 9> flowcharts{};
  int total_powers = 0;
  int total_flowcharts = 0;
};

// The public catalog and the confidential catalog, kept apart.
struct PowerCatalog {
  std::vector<CatalogEntry> public_entries;
  std::vector<CatalogEntry> confidential_entries;
  CatalogStats public_stats() const;
};

enum class CatalogFormat { table, csv, json };

PowerCatalog build_catalog(const std::vector<Process>& processes);

// The public catalog and its statistics (never any confidential power).
std::string render_public_catalog(const PowerCatalog& catalog, CatalogFormat format);
// The confidential catalog only: code, name, basis, reason.
std::string render_confidential_catalog(const PowerCatalog& catalog, CatalogFormat format);

// CSV field quoting (RFC 4180): quoted when it holds a comma, quote, CR or LF.
std::string csv_field(const std::string& text);

}  // namespace sunlit
