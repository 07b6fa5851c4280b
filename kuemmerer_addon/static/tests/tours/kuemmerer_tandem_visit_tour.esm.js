import {registry} from "@web/core/registry";

// A volunteer on the phone, in German: opens "Meine Begleitungen" from the
// portal home, taps "Besuch eintragen", first types hours the form refuses,
// then logs an hour and a half with 4,5 km and a note, and sees the visit
// and the allowance in "Mein Monat".
registry.category("web_tour.tours").add("kuemmerer_tandem_visit_tour", {
  url: "/my",
  steps: () => [
    {
      content: "Open My Companionships from the portal home",
      trigger: ".o_portal_my_home a[href$='/my/kuemmerer/tandems']",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "The tandem's card names the resident; tap Log a visit",
      trigger:
        ".o_kuemmerer_tandem:contains('Anna Althaus') a.o_kuemmerer_log_visit:contains('Besuch eintragen')",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Hours that are no number",
      trigger: "#kuemmerer_tandem_visit input[name=hours]",
      run: "edit anderthalb",
    },
    {
      content: "Save",
      trigger: "#kuemmerer_tandem_visit button.o_kuemmerer_visit_save",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Refused with the reason, the typed text kept",
      trigger:
        "#kuemmerer_tandem_visit:has(.alert-danger) input[name=hours][value=anderthalb]",
    },
    {
      content: "Hours: an hour and a half",
      trigger: "#kuemmerer_tandem_visit input[name=hours]",
      run: "edit 1:30",
    },
    {
      content: "Kilometres",
      trigger: "#kuemmerer_tandem_visit input[name=km]",
      run: "edit 4,5",
    },
    {
      content: "A short note",
      trigger: "#kuemmerer_tandem_visit textarea[name=note]",
      run: "edit Zusammen einkaufen gewesen.",
    },
    {
      content: "Save",
      trigger: "#kuemmerer_tandem_visit button.o_kuemmerer_visit_save",
      run: "click",
      expectUnloadPage: true,
    },
    {
      content: "Thanked on My Month (Mein Monat)",
      trigger: "#kuemmerer_my_month:has(.alert-success) h1:contains('Mein Monat')",
    },
    {
      content: "The visit is listed with its hours",
      trigger:
        "#kuemmerer_my_month .o_kuemmerer_month_visit:contains('Anna Althaus'):contains('1:30')",
    },
    {
      content: "The allowance of the month: 80 € × 1,5 / 32",
      trigger: "#kuemmerer_my_month .o_kuemmerer_allowance:contains('3,75 €')",
    },
  ],
});
