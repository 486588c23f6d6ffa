#include "labels.h"

#include <fmt/format.h>

namespace kep {
namespace {

struct Entry {
  std::string_view key, de, en;
};

constexpr Entry k_labels[] = {
    {"id", "Nr.", "No."},
    {"phase", "Phase", "Phase"},
    {"phases", "Phasen", "Phases"},
    {"status", "Status", "Status"},
    {"due", "fällig", "due"},
    {"lead", "Federführung", "Lead"},
    {"partners", "Partner", "Partners"},
    {"title", "Maßnahme", "Measure"},
    {"field", "Handlungsfeld", "Field"},
    {"fields", "Handlungsfelder", "Fields"},
    {"theme", "Leitthema", "Theme"},
    {"themes", "Leitthemen", "Themes"},
    {"tags", "Schlagwörter", "Tags"},
    {"kind", "Art", "Kind"},
    {"project", "Projekt", "project"},
    {"continuous", "Daueraufgabe", "standing task"},
    {"progress", "Fortschritt", "Progress"},
    {"note", "Notiz", "Note"},
    {"updates", "Verlauf", "Updates"},
    {"ref", "Bezug", "Reference"},
    {"ampel", "Ampel", "Light"},
    {"overdue", "überfällig", "overdue"},
    {"days_overdue", "Tage überfällig", "days overdue"},
    {"immediate", "Sofortmaßnahme", "Immediate"},
    {"immediates", "Sofortmaßnahmen", "Immediate measures"},
    {"total", "gesamt", "total"},
    {"done_share", "umgesetzt", "done"},
    {"measure", "Maßnahme", "measure"},
    {"measures", "Maßnahmen", "measures"},
    {"as_of", "Stand", "as of"},
    {"none", "keine", "none"},
    {"days", "Tage", "days"},
    {"day", "Tag", "day"},
    {"filtered", "Auswahl", "Selection"},
    {"report_title", "Sachstandsbericht", "Status report"},
    {"where_we_stand", "Wo stehen wir", "Where we stand"},
    {"by_status", "Nach Status", "By status"},
    {"by_phase", "Nach Phasen", "By phase"},
    {"timeline", "Zeitplan", "Timeline"},
    {"overdue_title", "Überfällige Maßnahmen", "Overdue measures"},
    {"latest_update", "Letzter Stand", "Latest update"},
    {"commit", "Planstand (Commit)", "Plan version (commit)"},
    {"generated_by", "Erstellt mit kep", "Made with kep"},
    {"today", "heute", "today"},
    {"no_overdue", "Keine Maßnahme ist überfällig.", "No measure is overdue."},
    {"no_immediate", "Keine Sofortmaßnahmen in dieser Auswahl.",
     "No immediate measures in this selection."},
    {"selection", "Auswahl", "Selection"},
    {"contents", "Inhalt", "Contents"},
    {"period", "Zeitraum", "Period"},
    {"presented", "Vorgelegt", "Presented"},
    {"document_date", "Stand des Dokuments", "Document dated"},
    {"authors", "Verfasst von", "Authors"},
    {"rank", "Rang", "Rank"},
    {"count", "Anzahl", "Count"},
    {"share", "Anteil", "Share"},
    {"municipality", "Kommune", "Municipality"},
    {"ampel_counts", "Ampel", "Traffic light"},
    {"since", "seit", "since"},
    {"diff_added", "neu", "added"},
    {"diff_removed", "entfernt", "removed"},
    {"diff_retitled", "neuer Titel", "new title"},
    {"diff_update_added", "neuer Eintrag", "new update"},
    {"diff_edited", "geändert", "changed"},
    {"working_tree", "Arbeitskopie, noch nicht committet", "working tree, not committed"},
    {"no_changes", "Keine Änderungen.", "No changes."},
    {"date", "Datum", "Date"},
    {"author", "Autor", "Author"},
    {"changes_since", "Seit dem letzten Bericht", "Since the last report"},
    {"change", "Änderung", "Change"},
    {"ampel_green", "umgesetzt, oder Daueraufgabe in Umsetzung",
     "done, or a standing task running"},
    {"ampel_yellow", "in Umsetzung und im Zeitplan", "in progress and on time"},
    {"ampel_red", "überfällig oder zurückgestellt", "overdue or deferred"},
    {"ampel_grey", "noch nicht fällig, oder entfallen", "not yet due, or dropped"},
    {"burnup_title", "Verlauf der Umsetzung", "Progress over time"},
    {"burnup_caption",
     "Maßnahmen insgesamt und davon umgesetzt, nach jedem Commit, der den Plan änderte",
     "Measures in total and done, after each commit that changed the plan"},
    {"last_changed", "zuletzt geändert", "last changed"},
    {"search", "Suche", "Search"},
    {"overdue_short", "überf.", "overdue"},
    {"done_bar", "Anteil umgesetzt", "Share done"},
    {"overdue_heading", "Überfällig ({}), am längsten zuerst", "Overdue ({}), longest first"},
    // kep list and kep show
    {"immediate_short", "Sofort", "Immediate"},
    {"due_heading", "Fällig", "Due"},
    {"overdue_for_one", "überfällig seit {} Tag", "overdue for {} day"},
    {"overdue_for_many", "überfällig seit {} Tagen", "overdue for {} days"},
};

}  // namespace

std::string_view label(std::string_view lang, std::string_view key) {
  for (const auto& e : k_labels)
    if (e.key == key) return lang == "en" ? e.en : e.de;
  return key;
}

std::string_view ampel_label(std::string_view lang, Ampel ampel) {
  const bool en = lang == "en";
  switch (ampel) {
    case Ampel::green:
      return en ? "green" : "grün";
    case Ampel::yellow:
      return en ? "yellow" : "gelb";
    case Ampel::red:
      return en ? "red" : "rot";
    case Ampel::grey:
      break;
  }
  return en ? "grey" : "grau";
}

const char* ampel_style(Ampel ampel) {
  switch (ampel) {
    case Ampel::green:
      return "32";
    case Ampel::yellow:
      return "33";
    case Ampel::red:
      return "31";
    case Ampel::grey:
      break;
  }
  return "2";
}

std::string format_date_local(std::string_view lang, const Date& date) {
  if (lang == "en") return format_date(date);
  return fmt::format("{:02}.{:02}.{:04}", date.day, date.month, date.year);
}

}  // namespace kep
