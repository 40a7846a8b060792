// Reading a process document: the catalog entry, fields, limits, outcomes and the law's extras.
#include <fmt/format.h>

#include "engine/loader_internal.h"

namespace sunlit::loader {

namespace {

// Disclosure forms and supervision kinds the language accepts.
const std::vector<std::string> kForms{"gazette", "website",      "notice_board", "press_conference",
                                      "hearing", "service_hall", "other"};
const std::vector<std::string> kSupervisionKinds{"internal", "external"};

// A legal basis: title, article, text.
Basis read_basis(const MapReader& m) {
  m.require({"title", "article"});
  return {m.text("title"), m.text("article"), m.text("text"), m.pos()};
}

// Disclosure: scope, forms, time and an optional `within` period.
Disclosure read_disclosure(const MapReader& m) {
  m.require({"scope"});
  Disclosure d;
  d.pos = m.pos();
  d.scope = m.enumeration<DisclosureScope>("scope", DisclosureScope::public_);
  for (const auto& form : m.refs("forms"))
    if (check_value(m.reader(), form.name, form.pos, m.where("forms"), kForms)) d.forms.push_back(form.name);
  d.time = m.enumeration<DisclosureTime>("time", DisclosureTime::permanent);
  d.within = period_at(m, "within");
  return d;
}

// The integrity risk level 1..3.
void read_risk(const MapReader& m, Catalog& c) {
  c.risk_pos = m.has("risk") ? m.value_pos(*m.find("risk")) : m.pos();
  auto risk = m.whole("risk");
  if (!risk) return;
  if (*risk >= 1 && *risk <= 3) {
    c.risk = static_cast<int>(*risk);
    return;
  }
  m.reader().error(c.risk_pos, "bad-value", fmt::format("unknown value '{}' for 'risk' in power; expected 1, 2 or 3", *risk));
}

// The catalog entry (职权目录) under `power`.
Catalog read_power(const MapReader& m) {
  m.require({"code", "name", "category", "basis", "body", "office", "responsible", "disclosure", "risk"});
  Catalog c;
  c.pos = m.pos();
  c.code = m.text("code");
  c.name = m.text("name");
  c.category = m.enumeration<Category>("category", Category::other, &c.category_pos);
  each_map(m, "basis", "basis", [&](const MapReader& b) { c.basis.push_back(read_basis(b)); });
  const Entry* basis = m.find("basis");
  if (basis && basis->value->is_sequence() && basis->value->size() == 0)
    m.reader().error(m.value_pos(*basis), "empty-list", "'basis' in power needs at least one item");
  c.body = m.text("body");
  c.office = m.text("office");
  c.responsible = m.text("responsible");
  c.initiation = m.enumeration<Initiation>("initiation", Initiation::application);
  c.conditions = m.text("conditions");
  if (auto d = disclosure_at(m, "disclosure")) c.disclosure = *d;
  if (auto fee = m.mapping("fee")) {
    MapReader f(m.reader(), *fee, "fee");
    c.fee_basis = f.text("basis");
    c.fee_standard = f.text("standard");
  }
  read_risk(m, c);
  c.confidential_pos = m.has("confidential") ? m.key_pos("confidential") : m.pos();
  c.confidential = m.flag("confidential", false);
  c.confidential_basis = m.text("confidential_basis");
  c.confidential_reason = m.text("confidential_reason");
  return c;
}

// A declared case field.
Field read_field(const MapReader& m) {
  m.require({"name", "type"});
  Field f;
  f.pos = m.pos();
  f.name = m.id("name");
  f.type = m.enumeration<FieldType>("type", FieldType::text);
  f.values = m.texts("values");
  if (m.has("item")) f.item = m.enumeration<FieldType>("item", FieldType::text);
  f.label = m.text("label");
  if (m.has("default")) {
    f.fallback = m.text("default");
    f.fallback_pos = m.value_pos(*m.find("default"));
  }
  return f;
}

// The whole-case limit with its optional extension.
CaseLimit read_case_limit(const MapReader& m) {
  m.require({"amount", "unit"});
  CaseLimit l;
  l.pos = m.pos();
  l.period = read_period(m);
  l.from = m.ref("from");
  l.until = m.ref("until");
  if (auto ext = m.mapping("extension")) {
    MapReader e(m.reader(), *ext, "extension");
    e.require({"amount", "unit", "approved_by"});
    l.extension = Extension{read_period(e), e.ref("approved_by"), e.pos()};
  }
  return l;
}

// A named end of a case.
Outcome read_outcome(const MapReader& m) {
  m.require({"id", "kind"});
  Outcome o;
  o.pos = id_pos(m);
  o.id = m.id("id");
  o.name = m.text("name");
  o.kind = m.enumeration<OutcomeKind>("kind", OutcomeKind::other, &o.kind_pos);
  o.remedies = m.refs("remedies");
  o.disclosure = disclosure_at(m, "disclosure");
  return o;
}

Withdrawal read_withdrawal(const MapReader& m) {
  m.require({"outcome"});
  return {m.ref("outcome"), m.refs("from"), m.text("article"), m.pos()};
}

SupervisionPoint read_supervision(const MapReader& m) {
  m.require({"step", "body"});
  SupervisionPoint s;
  s.pos = m.pos();
  s.step = m.ref("step");
  s.body = m.text("body");
  s.kind = m.choice("kind", kSupervisionKinds);
  s.channel = m.text("channel");
  s.contact = m.text("contact");
  s.records = m.texts("records");
  return s;
}

Right read_right(const MapReader& m) {
  m.require({"kind", "step"});
  Right r;
  r.pos = m.pos();
  r.kind = m.enumeration<RightKind>("kind", RightKind::other, &r.kind_pos);
  r.step = m.ref("step");
  r.window = period_at(m, "window");
  r.article = m.text("article");
  r.description = m.text("description");
  return r;
}

Channel read_channel(const MapReader& m) {
  m.require({"id", "kind"});
  Channel c;
  c.pos = id_pos(m);
  c.id = m.id("id");
  c.kind = m.enumeration<ChannelKind>("kind", ChannelKind::other);
  c.body = m.text("body");
  c.contact = m.text("contact");
  c.deadline = period_at(m, "deadline");
  return c;
}

SeparationRule read_separation(const MapReader& m) {
  m.require({"rule", "steps"});
  SeparationRule s;
  s.pos = m.pos();
  s.kind = m.enumeration<SeparationKind>("rule", SeparationKind::different_officials);
  s.steps = m.refs("steps");
  s.article = m.text("article");
  return s;
}

// `sunlit: 1`, the language version.
void check_version(const MapReader& m) {
  auto v = m.whole("sunlit");
  if (v && *v != 1)
    m.reader().error(m.value_pos(*m.find("sunlit")), "bad-version",
                     fmt::format("unsupported language version {}; expected 'sunlit: 1'", *v));
}

// Reads the optional single-mapping sections of a process.
void read_sections(const MapReader& m, Process& p) {
  Reader& r = m.reader();
  if (auto power = m.mapping("power")) p.power = read_power(MapReader(r, *power, "power"));
  if (auto limit = m.mapping("limit")) p.limit = read_case_limit(MapReader(r, *limit, "limit"));
  if (auto w = m.mapping("withdrawal")) p.withdrawal = read_withdrawal(MapReader(r, *w, "withdrawal"));
}

}  // namespace

Period read_period(const MapReader& m) {
  Period p;
  p.pos = m.pos();
  p.amount = m.number("amount").value_or(0);
  p.unit = m.enumeration<Unit>("unit", Unit::workdays);
  p.article = m.text("article");
  return p;
}

std::optional<Period> period_at(const MapReader& m, const char* key) {
  auto node = m.mapping(key);
  if (!node) return std::nullopt;
  MapReader pm(m.reader(), *node, "period");
  pm.require({"amount", "unit"});
  return read_period(pm);
}

std::optional<Disclosure> disclosure_at(const MapReader& m, const char* key) {
  auto node = m.mapping(key);
  if (!node) return std::nullopt;
  return read_disclosure(MapReader(m.reader(), *node, "disclosure"));
}

Process read_process(Reader& r, const Node& root) {
  MapReader m(r, root, "process");
  m.require({"sunlit", "organisation", "power", "steps", "outcomes"});
  Process p;
  p.file = r.file();
  p.pos = m.pos();
  check_version(m);
  p.organisation = m.ref("organisation");
  read_sections(m, p);
  each_map(m, "fields", "field", [&](const MapReader& f) { p.fields.push_back(read_field(f)); });
  p.steps = read_steps(m);
  each_map(m, "outcomes", "outcome", [&](const MapReader& o) { p.outcomes.push_back(read_outcome(o)); });
  each_map(m, "supervision", "supervision", [&](const MapReader& s) { p.supervision.push_back(read_supervision(s)); });
  each_map(m, "rights", "right", [&](const MapReader& x) { p.rights.push_back(read_right(x)); });
  each_map(m, "channels", "channel", [&](const MapReader& c) { p.channels.push_back(read_channel(c)); });
  each_map(m, "separation", "separation", [&](const MapReader& s) { p.separation.push_back(read_separation(s)); });
  return p;
}

}  // namespace sunlit::loader
