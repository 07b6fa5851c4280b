import {registry} from "@web/core/registry";

// Each role lands where its work is, right after login (the first screen at
// /odoo): the Kümmerer on "Mein Tag", staff on their hints, the coordinator
// on the dashboard. The app (its menus) is shown in the navigation bar.

const inApp = {
  content: "The first screen belongs to the Kümmerer app",
  trigger: ".o_main_navbar .o_menu_brand:contains(Kümmerer)",
  // The first screen after login: beside many apps on a busy machine it
  // may take longer than a step's usual 10 seconds
  timeout: 30000,
};
const back = {
  content: "Back to Mein Tag",
  trigger: ".o_breadcrumb .breadcrumb-item:first a",
  run: "click",
};
const onDay = {
  content: "Mein Tag again",
  trigger: ".o_kuemmerer_day .o_field_widget[name=step_ids] .o_kanban_record",
};

registry.category("web_tour.tours").add("kuemmerer_landing_kuemmerer", {
  steps: () => [
    inApp,
    {
      content: "Mein Tag: the due steps by due date",
      trigger:
        ".o_kuemmerer_day .o_field_widget[name=step_ids] " +
        ".o_kanban_record:contains(Überfällig) + .o_kanban_record:contains(Heute fällig)",
    },
    {
      content: "then the overdue contacts, the longest first",
      trigger:
        ".o_kuemmerer_day .o_field_widget[name=resident_ids] " +
        ".o_kanban_record:contains(Nie Kontaktiert) + .o_kanban_record:contains(Lange Her)",
    },
    {
      content: "today's home visits, by time",
      trigger:
        ".o_kuemmerer_day .o_field_widget[name=visit_ids] " +
        ".o_kanban_record:contains(Lange Her) + .o_kanban_record:contains(Anna Althaus)",
    },
    {
      content: "the new hint from the housing management",
      trigger:
        ".o_kuemmerer_day .o_field_widget[name=hint_ids] .o_kanban_record:contains(Anna Althaus)",
    },
    {
      content: "Nothing of the other quarter",
      trigger: ".o_kuemmerer_day:not(:has(.o_kanban_record:contains(Bruno Brandt)))",
    },
    {
      content: "One tap opens the step",
      trigger: ".o_field_widget[name=step_ids] .o_kanban_record:contains(Überfällig)",
      run: "click",
    },
    {
      content: "The step's own page",
      trigger: ".o_form_view .o_breadcrumb:contains(Überfällig)",
    },
    back,
    onDay,
    {
      content: "One tap opens the resident's case file",
      trigger:
        ".o_field_widget[name=resident_ids] .o_kanban_record:contains(Nie Kontaktiert)",
      run: "click",
    },
    {
      content: "The case file",
      trigger: ".o_form_view .o_breadcrumb:contains(Nie Kontaktiert)",
    },
    back,
    onDay,
    {
      content: "One tap opens the hint (the need)",
      trigger: ".o_field_widget[name=hint_ids] .o_kanban_record:contains(Anna Althaus)",
      run: "click",
    },
    {
      content: "The need",
      trigger: ".o_form_view .o_breadcrumb:contains(Anna Althaus)",
    },
    back,
    onDay,
  ],
});

registry.category("web_tour.tours").add("kuemmerer_landing_empty_day", {
  steps: () => [
    inApp,
    {
      content: "An empty day says so, section by section",
      trigger:
        ".o_kuemmerer_day:has(.o_kuemmerer_day_empty_steps):has(.o_kuemmerer_day_empty_contacts)" +
        ":has(.o_kuemmerer_day_empty_visits):has(.o_kuemmerer_day_empty_hints)",
    },
    {
      content: "and shows no cards",
      trigger: ".o_kuemmerer_day:not(:has(.o_kanban_record:not(.o_kanban_ghost)))",
    },
  ],
});

registry.category("web_tour.tours").add("kuemmerer_landing_staff", {
  steps: () => [
    inApp,
    {
      content: "Staff land on the state of their hints",
      trigger: ".o_list_view .o_data_row:contains(Anna Althaus)",
    },
    {
      content: "and report a hint with one tap",
      trigger: ".o_control_panel .o_kuemmerer_report_hint",
      run: "click",
    },
    {
      trigger: ".modal .o_field_widget[name=partner_id] input",
      run: "edit Berta",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains(Berta Bach)",
      run: "click",
    },
    {
      trigger: ".modal .o_field_widget[name=category_id] input",
      run: "edit Pflege",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains(Pflege)",
      run: "click",
    },
    {
      trigger: ".modal .o_field_widget[name=text] textarea",
      run: "edit Der Briefkasten quillt über.",
    },
    {
      trigger: ".modal button[name=action_confirm]",
      run: "click",
    },
    {
      content: "The new hint is listed, received",
      trigger:
        "body:not(:has(.modal)) .o_list_view .o_data_row:contains(Berta Bach) " +
        ".o_field_widget[name=state]:contains(Erhalten)",
    },
    {
      content: "Open the earlier hint to see how far it has got",
      trigger: ".o_list_view .o_data_row:contains(Anna Althaus) td.o_data_cell",
      run: "click",
    },
    {
      content: "Its state, and nothing of what the Kümmerer found out",
      trigger:
        ".o_form_view:has(.o_statusbar_status .o_arrow_button_current)" +
        ":not(:contains(wirkt verwirrt)):contains(Der Kümmerer kümmert sich darum)",
    },
    back,
    {
      trigger: ".o_list_view .o_data_row:contains(Berta Bach)",
    },
  ],
});

registry.category("web_tour.tours").add("kuemmerer_landing_coordinator", {
  steps: () => [
    inApp,
    {
      content: "The coordinator lands on the dashboard",
      trigger: ".o_form_view .o_kuemmerer_dashboard",
    },
  ],
});
