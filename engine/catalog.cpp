#include "engine/catalog.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace sunlit {

namespace {

using Row = std::vector<std::string>;
using json = nlohmann::ordered_json;

constexpr std::array kCategories{Category::license, Category::penalty, Category::compulsion,
                                 Category::levy, Category::benefit, Category::adjudication,
                                 Category::confirmation, Category::other, Category::internal};

std::string category_text(Category c) { return std::string(to_string(c)) + " " + chinese_name(c); }

std::string initiation_text(Initiation i) {
  return i == Initiation::application ? "application 依申请" : "ex_officio 依职权";
}

const char* scope_zh(DisclosureScope s) {
  switch (s) {
    case DisclosureScope::public_: return "社会公开";
    case DisclosureScope::on_request: return "依申请公开";
    case DisclosureScope::internal: return "部门内部公开";
    case DisclosureScope::none: return "不公开";
  }
  return "";
}

const char* time_zh(DisclosureTime t) {
  switch (t) {
    case DisclosureTime::permanent: return "长期公开";
    case DisclosureTime::as_it_happens: return "随时公开";
    case DisclosureTime::on_request: return "依申请公开";
    case DisclosureTime::none: return "不公开";
  }
  return "";
}

std::string risk_text(int risk) {
  const char* word = risk == 1 ? "high" : risk == 2 ? "medium" : "low";
  return fmt::format("{} {}", risk, word);
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string basis_text(const std::vector<Basis>& basis) {
  std::vector<std::string> parts;
  for (const auto& b : basis) parts.push_back(b.article.empty() ? b.title : b.title + " " + b.article);
  return join(parts, "; ");
}

// Newlines would break table and CSV rows apart in a reader's eye: fold them to spaces.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

// Widest basis / fee basis cell in the table, in display cells (names are never cut);
// CSV and JSON keep the full text.
constexpr int kTableCell = 40;
constexpr std::array<size_t, 2> kClippedColumns{3, 11};

const Row kPublicHeader{"code", "name", "category", "basis", "body", "office", "responsible",
                        "initiation", "disclosure_form", "disclosure_scope", "disclosure_time",
                        "fee_basis", "fee_standard", "risk", "flowcharts"};
const Row kConfidentialHeader{"code", "name", "basis", "reason"};

Row public_row(const CatalogEntry& e) {
  const Catalog& c = e.power;
  const Disclosure& d = c.disclosure;
  Row row{c.code, c.name, category_text(c.category), basis_text(c.basis), c.body, c.office, c.responsible,
          initiation_text(c.initiation), join(d.forms, ", "),
          std::string(to_string(d.scope)) + " " + scope_zh(d.scope),
          std::string(to_string(d.time)) + " " + time_zh(d.time), c.fee_basis, c.fee_standard,
          risk_text(c.risk), std::to_string(e.flowcharts)};
  for (auto& cell : row) cell = one_line(cell);
  return row;
}

Row confidential_row(const CatalogEntry& e) {
  const Catalog& c = e.power;
  Row row{c.code, c.name, c.confidential_basis, c.confidential_reason};
  for (auto& cell : row) cell = one_line(cell);
  return row;
}

// Cuts text to at most `max` display cells (whole code points), marking the cut with "…".
std::string clip(const std::string& s, int max) {
  if (display_width(s) <= max) return s;
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    if (display_width(out + s.substr(i, n)) > max - 1) break;
    out += s.substr(i, n);
    i += n;
  }
  return out + "…";
}

std::string pad(const std::string& s, int width, bool right) {
  std::string fill(static_cast<size_t>(std::max(0, width - display_width(s))), ' ');
  return right ? fill + s : s + fill;
}

// An aligned text table; columns listed in `right` are right-aligned. No trailing blanks.
std::string text_table(const Row& header, const std::vector<Row>& rows, const std::vector<size_t>& right = {}) {
  std::vector<int> width(header.size(), 0);
  auto measure = [&](const Row& r) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto line = [&](const Row& r) {
    std::string out;
    for (size_t i = 0; i < r.size(); ++i) {
      bool is_right = std::find(right.begin(), right.end(), i) != right.end();
      out += (i ? "  " : "") + pad(r[i], width[i], is_right);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  Row upper = header;
  for (auto& h : upper) std::transform(h.begin(), h.end(), h.begin(), [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; });
  std::string out = line(upper);
  Row rule;
  for (int w : width) rule.push_back(std::string(static_cast<size_t>(w), '-'));
  out += line(rule);
  for (const auto& r : rows) out += line(r);
  return out;
}

std::string csv(const Row& header, const std::vector<Row>& rows) {
  auto line = [](const Row& r) {
    std::string out;
    for (size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + csv_field(r[i]);
    return out + "\r\n";
  };
  std::string out = line(header);
  for (const auto& r : rows) out += line(r);
  return out;
}

json basis_json(const std::vector<Basis>& basis) {
  json arr = json::array();
  for (const auto& b : basis) arr.push_back({{"title", b.title}, {"article", b.article}, {"text", b.text}});
  return arr;
}

json entry_json(const CatalogEntry& e) {
  const Catalog& c = e.power;
  return {{"code", c.code}, {"name", c.name}, {"category", to_string(c.category)},
          {"category_zh", chinese_name(c.category)}, {"basis", basis_json(c.basis)}, {"body", c.body},
          {"office", c.office}, {"responsible", c.responsible}, {"initiation", to_string(c.initiation)},
          {"disclosure", {{"forms", c.disclosure.forms}, {"scope", to_string(c.disclosure.scope)},
                          {"time", to_string(c.disclosure.time)}}},
          {"fee", {{"basis", c.fee_basis}, {"standard", c.fee_standard}}}, {"risk", c.risk},
          {"flowcharts", e.flowcharts}};
}

std::vector<Row> stats_rows(const CatalogStats& s) {
  std::vector<Row> rows;
  for (size_t i = 0; i < kCategories.size(); ++i)
    rows.push_back({fmt::format("{} {}", i + 1, category_text(kCategories[i])), std::to_string(s.powers[i]),
                    std::to_string(s.flowcharts[i])});
  rows.push_back({"total 合计", std::to_string(s.total_powers), std::to_string(s.total_flowcharts)});
  return rows;
}

json stats_json(const CatalogStats& s) {
  json cats = json::array();
  for (size_t i = 0; i < kCategories.size(); ++i)
    cats.push_back({{"category", to_string(kCategories[i])}, {"category_zh", chinese_name(kCategories[i])},
                    {"powers", s.powers[i]}, {"flowcharts", s.flowcharts[i]}});
  return {{"categories", cats}, {"total", {{"powers", s.total_powers}, {"flowcharts", s.total_flowcharts}}}};
}

std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

std::string plural(int n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

CatalogStats PowerCatalog::public_stats() const {
  CatalogStats s;
  for (const auto& e : public_entries) {
    auto i = static_cast<size_t>(e.power.category);
    if (i >= s.powers.size()) continue;
    s.powers[i] += 1;
    s.flowcharts[i] += e.flowcharts;
    s.total_powers += 1;
    s.total_flowcharts += e.flowcharts;
  }
  return s;
}

PowerCatalog build_catalog(const std::vector<Process>& processes) {
  std::map<std::string, CatalogEntry> by_code;
  for (const auto& p : processes) {
    auto [it, fresh] = by_code.try_emplace(p.power.code, CatalogEntry{p.power, 0});
    it->second.flowcharts += 1;
    if (!fresh && p.power.confidential && !it->second.power.confidential) {
      it->second.power.confidential = true;  // one confidential flowchart makes the power confidential
      it->second.power.confidential_basis = p.power.confidential_basis;
      it->second.power.confidential_reason = p.power.confidential_reason;
    }
  }
  PowerCatalog catalog;
  for (auto& [code, entry] : by_code)
    (entry.power.confidential ? catalog.confidential_entries : catalog.public_entries).push_back(std::move(entry));
  return catalog;
}

std::string render_public_catalog(const PowerCatalog& catalog, CatalogFormat format) {
  std::vector<Row> rows;
  for (const auto& e : catalog.public_entries) rows.push_back(public_row(e));
  CatalogStats stats = catalog.public_stats();
  if (format == CatalogFormat::table)
    for (auto& row : rows)
      for (size_t col : kClippedColumns) row[col] = clip(row[col], kTableCell);
  switch (format) {
    case CatalogFormat::csv: return csv(kPublicHeader, rows);
    case CatalogFormat::json: {
      json powers = json::array();
      for (const auto& e : catalog.public_entries) powers.push_back(entry_json(e));
      return dump({{"powers", powers}, {"statistics", stats_json(stats)}});
    }
    case CatalogFormat::table: break;
  }
  std::string out = fmt::format("Catalog of powers (职权目录): {}, {}\n\n", plural(stats.total_powers, "power", "powers"),
                                plural(stats.total_flowcharts, "flowchart", "flowcharts"));
  out += text_table(kPublicHeader, rows, {14});
  out += "\nStatistics (职权统计)\n";
  out += text_table({"category", "powers", "flowcharts"}, stats_rows(stats), {1, 2});
  return out;
}

std::string render_confidential_catalog(const PowerCatalog& catalog, CatalogFormat format) {
  std::vector<Row> rows;
  for (const auto& e : catalog.confidential_entries) rows.push_back(confidential_row(e));
  switch (format) {
    case CatalogFormat::csv: return csv(kConfidentialHeader, rows);
    case CatalogFormat::json: {
      json arr = json::array();
      for (const auto& r : rows) arr.push_back({{"code", r[0]}, {"name", r[1]}, {"basis", r[2]}, {"reason", r[3]}});
      return dump({{"confidential", arr}});
    }
    case CatalogFormat::table: break;
  }
  std::string out = fmt::format("Confidential catalog (涉密职权目录, not for publication): {}\n\n",
                                plural(static_cast<int>(rows.size()), "power", "powers"));
  return out + text_table(kConfidentialHeader, rows);
}

}  // namespace sunlit
