// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// The main journey of each role through the screens, in German
// (tests/test_role_tours.py). Staff reporting a hint: kuemmerer_landing_staff
// (kuemmerer_landing_tour.js); the volunteer on a phone:
// kuemmerer_portal_shift_tour (kuemmerer_portal_tour.js).

// The Kümmerer's day on a tablet held crosswise (1024 px): Mein Tag → the
// radar → the resident's page → record a contact → a new need → a help chain
// from a template → the referral step sent, the consent recorded on the way →
// a home visit planned.
registry.category("web_tour.tours").add("kuemmerer_role_kuemmerer_day", {
  steps: () => [
    {
      content: "Mein Tag: Erna Ehlers is due for a contact",
      trigger:
        ".o_kuemmerer_day .o_field_widget[name=resident_ids] .o_kanban_record:contains(Erna Ehlers)",
      timeout: 30000, // The first screen after login (see kuemmerer_landing_tour.js)
    },
    {
      content: "Open the contact radar",
      trigger:
        ".o_kuemmerer_day button[name=action_view_overdue_contacts]:contains(Kontakt-Radar)",
      run: "click",
    },
    {
      content: "The radar shows her card: open her page",
      trigger: ".o_kuemmerer_radar_kanban .o_kanban_record:contains(Erna Ehlers)",
      run: "click",
    },
    {
      content: "The resident's page, with what matters in a conversation",
      trigger:
        ".o_form_view:has(.o_breadcrumb:contains(Erna Ehlers)) .o_inner_group:contains(So lebt die Person)",
    },
    {
      content: "No business-contact fields",
      trigger:
        ".o_form_view:not(:has(.o_field_widget[name=vat])):not(:has(.o_field_widget[name=website]))" +
        ":not(:has(.o_field_widget[name=function]))",
    },
    {
      content: "Record a contact with one tap",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_log_contact]:contains(Kontakt erfassen)",
      run: "click",
    },
    {
      content: "By phone",
      trigger: ".modal .o_field_widget[name=channel] input[data-value=phone]",
      run: "click",
    },
    {
      content: "What was said",
      trigger: ".modal .o_field_widget[name=summary] textarea",
      run: "edit Anruf: Frau Ehlers braucht Hilfe bei der Pflege ihres Mannes.",
    },
    {
      content: "Save the contact",
      trigger: ".modal .modal-footer button.btn-primary",
      run: "click",
    },
    {
      content: "The page counts the contact",
      trigger:
        "body:not(:has(.modal)) .o_form_view button[name=action_view_contacts] .o_stat_value:contains(1)",
    },
    {
      content: "Open her needs",
      trigger: ".o_form_view button[name=action_view_needs]",
      run: "click",
    },
    {
      content: "A new need",
      trigger: ".o_control_panel .o-kanban-button-new",
      run: "click",
    },
    {
      content: "The need is hers",
      trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Erna Ehlers)",
    },
    {
      content: "What it is about",
      trigger: ".o_form_view .o_field_widget[name=category_id] input",
      run: "edit Pflege",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains(Pflege)",
      run: "click",
    },
    {
      content: "Start a help chain (this saves the need)",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_open_apply_chain_wizard]",
      run: "click",
    },
    {
      content: "Choose the template",
      trigger: ".modal .o_field_widget[name=template_id] input",
      run: "edit Vermittlung Pflege",
    },
    {
      trigger: ".o-autocomplete--dropdown-item:contains(Vermittlung Pflege)",
      run: "click",
    },
    {
      content: "Its steps are shown before it starts",
      trigger: ".modal .o_data_row:contains(Pflegeberatung vermitteln)",
    },
    {
      trigger: ".modal button[name=action_apply]",
      run: "click",
    },
    {
      content: "The need is under way",
      trigger:
        "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=in_progress]",
    },
    {
      content: "The help chain's steps",
      trigger: ".o_notebook .nav-link[name=help_chain]",
      run: "click",
    },
    {
      content: "Open the referral step",
      trigger:
        ".o_data_row:contains(Pflegeberatung vermitteln) .o_list_record_open_form_view",
      run: "click",
    },
    {
      content: "The step's page: send it to the network partner",
      trigger:
        ".o_form_view:has(.o_breadcrumb:contains(Pflegeberatung vermitteln)) " +
        "button[name=action_open_send_wizard]:contains(An Netzwerkpartner senden)",
      run: "click",
    },
    {
      content: "The consent is missing: she agreed in the call",
      trigger:
        ".modal .o_kuemmerer_consent_needed .o_field_widget[name=consent_method] input[data-value=verbal]",
      run: "click",
    },
    {
      content: "Record the consent and go on",
      trigger: ".modal button[name=action_record_consent]",
      run: "click",
    },
    {
      content: "The dialog says what goes to whom: send",
      trigger: ".modal .o_kuemmerer_send_confirm:contains(Pflegeberatung Süd)",
    },
    {
      trigger: ".modal button[name=action_send]",
      run: "click",
    },
    {
      content: "Confirmed",
      trigger: ".o_notification:contains(Pflegeberatung Süd)",
    },
    {
      content: "The step says it was sent and offers sending no more",
      trigger:
        "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_send_wizard])) " +
        ".o_field_widget[name=sent_label]:contains(Gesendet)",
    },
    {
      content: "Back to the need",
      trigger: ".o_breadcrumb .breadcrumb-item a:contains(Pflege und Gesundheit)",
      run: "click",
    },
    {
      trigger:
        ".o_form_view .o_data_row:contains(Pflegeberatung vermitteln):contains(Gesendet)",
    },
    {
      content: "Back to the resident's page",
      trigger:
        ".o_breadcrumb .breadcrumb-item a:not(:contains(Pflege)):contains(Erna Ehlers)",
      run: "click",
    },
    {
      content: "The need counts as open",
      trigger: ".o_form_view button[name=action_view_needs] .o_stat_value:contains(1)",
    },
    {
      content: "Plan a home visit",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_plan_visit]:contains(Hausbesuch planen)",
      run: "click",
    },
    {
      content: "The visit is for her",
      trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Erna Ehlers)",
    },
    {
      content: "Save the visit",
      trigger: ".o_form_view .o_form_button_save",
      run: "click",
    },
    {
      content: "Saved: it can be finished later",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_open_finish_wizard]",
    },
  ],
});

// The coordinator: the dashboard, then the annual report printed.
registry.category("web_tour.tours").add("kuemmerer_role_coordinator", {
  steps: () => [
    {
      content: "The coordinator lands on the dashboard: the figures of the year",
      trigger: ".o_form_view .o_kuemmerer_dashboard .card",
      timeout: 30000, // The first screen after login (see kuemmerer_landing_tour.js)
    },
    {
      content: "Open the annual report",
      trigger: ".o_form_view button:contains(Jahresbericht)",
      run: "click",
    },
    {
      content: "Last year is proposed",
      trigger:
        ".modal .o_field_widget[name=date_from] input:value(/^01\\.01\\.\\d{4}$/)",
    },
    {
      content: "Print it",
      trigger: ".modal button[name=action_print_pdf]:contains(PDF drucken)",
      run: "click",
    },
    {
      content: "The report is on its way and the dialog closed",
      trigger: "body:not(:has(.modal)) .o_form_view .o_kuemmerer_dashboard",
    },
  ],
});
